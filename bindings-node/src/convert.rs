//! JavaScript values → the neutral camelCase JSON the core reads.
//!
//! The request is copied value for value (`undefined` = absent, integral
//! numbers as integers) and handed to `BroadcastRequest::from_json`, which
//! checks every rule and names the field. What is converted here is only
//! what JSON cannot carry: the typed `strategy` (`{ at: Date }` or
//! `{ every, days, start, end, time }` → `strategyType` + `strategyContent`)
//! and values that have no JSON form (functions, symbols, Maps, NaN…), which
//! are rejected naming their path instead of being silently dropped.
//! Requests of the companion actions ([`Reader::neutral`]) go to
//! `AnyRequest::from_json` the same way; there only a `Date` in a time field
//! is converted (to epoch milliseconds).
//!
//! Every JavaScript string the binding reads (values, object keys, option
//! texts) goes through [`js_string`]: JavaScript strings are UTF-16 and may
//! hold lone surrogates (`'\uD800'`), which napi's UTF-8 conversion would
//! silently replace with U+FFFD. They are refused instead, as a validation
//! error naming the field (rule `utf8`).

use mpaas_push::{BroadcastRequest, Error, ValidationError};
use napi::bindgen_prelude::{Env, JsObjectValue, Object, Unknown};
use napi::{JsValue, ValueType};
use serde_json::{Map, Value};

/// Deepest nesting copied (the core allows payloads 32 deep); also stops
/// cyclic objects.
const MAX_DEPTH: u32 = 64;
/// Most values copied in one conversion (stops shared-object explosions).
const MAX_NODES: usize = 100_000;

/// Top-level time fields of the companion requests that also take a `Date`.
const TIME_FIELDS: &[&str] = &["startTime", "endTime", "sentAt"];

/// Keys of the typed `strategy` object.
const STRATEGY_KEYS: &[&str] = &["at", "every", "days", "start", "end", "time"];
const RECURRING_KEYS: &[&str] = &["every", "days", "start", "end", "time"];

/// `strategyContent.*` field → the `strategy.*` key the caller wrote.
const STRATEGY_PATHS: &[(&str, &str)] = &[
    ("strategyContent.fixedTime", "strategy.at"),
    ("strategyContent.startTime", "strategy.start"),
    ("strategyContent.endTime", "strategy.end"),
    ("strategyContent.circleType", "strategy.every"),
    ("strategyContent.circleValue", "strategy.days"),
    ("strategyContent.time", "strategy.time"),
    ("strategyContent", "strategy"),
    ("strategyType", "strategy"),
];

/// A napi failure while reading a value (the environment is unusable).
fn js_failure(path: &str, e: &napi::Error) -> Error {
    Error::internal(format!("could not read {path}: {}", e.reason))
}

fn type_error(path: &str, message: impl Into<String>) -> Error {
    ValidationError::new(path, "type", message).into()
}

/// Reads a JavaScript string as Rust text, refusing lone UTF-16
/// surrogates (which have no UTF-8 form) with a validation error on `path`,
/// rule `utf8`. The one place strings cross from JavaScript: napi's UTF-8
/// conversion would replace them with U+FFFD without a word.
pub(crate) fn js_string(v: &Unknown<'_>, path: &str) -> Result<String, Error> {
    let text = v
        .coerce_to_string()
        .and_then(|s| s.into_utf16())
        .map_err(|e| js_failure(path, &e))?;
    // napi's buffer ends with the terminating NUL it wrote.
    let units = text
        .as_slice()
        .split_last()
        .map_or(&[][..], |(_, units)| units);
    utf16_to_string(units, path)
}

/// UTF-16 code units → `String`; a lone surrogate is a `utf8` validation
/// error giving its position (not the text: it may be a secret).
fn utf16_to_string(units: &[u16], path: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(units.len());
    let mut index = 0;
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => {
                index += c.len_utf16();
                out.push(c);
            }
            Err(e) => {
                return Err(ValidationError::new(
                    path,
                    "utf8",
                    format!(
                        "is not valid Unicode text: lone UTF-16 surrogate U+{:04X} at index {index}",
                        e.unpaired_surrogate()
                    ),
                )
                .into());
            }
        }
    }
    Ok(out)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Reads `YYYY-MM-DD` (a calendar day).
pub(crate) fn parse_day(text: &str, field: &str) -> Result<chrono::NaiveDate, Error> {
    let ok = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    ok.then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            ValidationError::new(field, "date_format", "must be a YYYY-MM-DD date")
                .with_value(text)
                .into()
        })
}

/// A napi `is_*` test of a value.
type IsA = fn(&Unknown<'_>) -> napi::Result<bool>;

/// Copies JavaScript values into `serde_json::Value`s.
pub(crate) struct Reader<'a> {
    env: &'a Env,
    nodes: usize,
    /// Global constructors of objects that have no JSON form.
    exotic: Option<Vec<(&'static str, Unknown<'a>)>>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(env: &'a Env) -> Self {
        Self {
            env,
            nodes: 0,
            exotic: None,
        }
    }

    /// The JavaScript type of `v`.
    fn kind(&self, v: &Unknown<'_>, path: &str) -> Result<ValueType, Error> {
        v.get_type().map_err(|e| js_failure(path, &e))
    }

    /// Names the built-in class of an object with no JSON form, if it is one.
    fn exotic_name(&mut self, v: &Unknown<'_>, path: &str) -> Result<Option<&'static str>, Error> {
        let f = |e: napi::Error| js_failure(path, &e);
        let checks: [(&'static str, IsA); 6] = [
            ("a Date", |v| v.is_date()),
            ("a Promise", |v| v.is_promise()),
            ("an Error", |v| v.is_error()),
            ("a Buffer", |v| v.is_buffer()),
            ("a typed array", |v| v.is_typedarray()),
            ("an ArrayBuffer", |v| v.is_arraybuffer()),
        ];
        for (name, check) in checks {
            if check(v).map_err(f)? {
                return Ok(Some(name));
            }
        }
        if self.exotic.is_none() {
            let global = self.env.get_global().map_err(f)?;
            let mut found = Vec::new();
            for (name, ctor) in [
                ("a Map", "Map"),
                ("a Set", "Set"),
                ("a WeakMap", "WeakMap"),
                ("a WeakSet", "WeakSet"),
                ("a RegExp", "RegExp"),
                ("a DataView", "DataView"),
            ] {
                let c: Unknown<'a> = global.get_named_property(ctor).map_err(f)?;
                if c.get_type().map_err(f)? == ValueType::Function {
                    found.push((name, c));
                }
            }
            self.exotic = Some(found);
        }
        for (name, ctor) in self.exotic.iter().flatten() {
            if v.instanceof(*ctor).map_err(f)? {
                return Ok(Some(name));
            }
        }
        Ok(None)
    }

    fn object<'v>(&self, v: &Unknown<'v>, path: &str) -> Result<Object<'v>, Error> {
        v.coerce_to_object().map_err(|e| js_failure(path, &e))
    }

    /// The enumerable string keys of an object (`for…in` order). A key
    /// with a lone surrogate is refused naming the object that holds it.
    pub(crate) fn keys(&self, obj: &Object<'_>, path: &str) -> Result<Vec<String>, Error> {
        let shown = if path.is_empty() { "request" } else { path };
        let f = |e: napi::Error| js_failure(shown, &e);
        let names = obj.get_property_names().map_err(f)?;
        let len = names.get_array_length().map_err(f)?;
        let mut keys = Vec::with_capacity(len as usize);
        for i in 0..len {
            let name: Unknown<'_> = names.get_element(i).map_err(f)?;
            keys.push(js_string(&name, shown).map_err(|e| match e.validation() {
                Some(v) if v.rule() == "utf8" => Error::from(ValidationError::new(
                    shown,
                    "utf8",
                    format!("has a key that {}", v.message()),
                )),
                _ => e,
            })?);
        }
        Ok(keys)
    }

    /// `obj[key]`; the key may hold any character (NUL included).
    fn get<'v>(&self, obj: &Object<'v>, key: &str, path: &str) -> Result<Unknown<'v>, Error> {
        self.env
            .create_string(key)
            .and_then(|k| obj.get_property::<_, Unknown<'v>>(k))
            .map_err(|e| js_failure(&join(path, key), &e))
    }

    /// Copies `v`; `None` for `undefined` (absent).
    pub(crate) fn value(
        &mut self,
        v: &Unknown<'_>,
        path: &str,
        depth: u32,
    ) -> Result<Option<Value>, Error> {
        let shown = if path.is_empty() { "request" } else { path };
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(ValidationError::new(
                shown,
                "max_size",
                format!("has too many values: a request may not hold more than {MAX_NODES} values"),
            )
            .into());
        }
        let f = |e: napi::Error| js_failure(shown, &e);
        Ok(Some(match self.kind(v, shown)? {
            ValueType::Undefined => return Ok(None),
            ValueType::Null => Value::Null,
            ValueType::Boolean => Value::Bool(v.coerce_to_bool().map_err(f)?),
            ValueType::Number => number(
                v.coerce_to_number().map_err(f)?.get_double().map_err(f)?,
                shown,
            )?,
            ValueType::String => Value::String(js_string(v, shown)?),
            ValueType::BigInt => {
                let text = js_string(v, shown)?;
                match text.parse::<i64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => {
                        return Err(ValidationError::new(shown, "range", "is out of range")
                            .with_value(text)
                            .into());
                    }
                }
            }
            ValueType::Object => {
                if depth >= MAX_DEPTH {
                    return Err(ValidationError::new(
                        shown,
                        "max_depth",
                        "is nested too deeply (or refers to itself)",
                    )
                    .into());
                }
                let obj = self.object(v, shown)?;
                if v.is_array().map_err(f)? {
                    let len = obj.get_array_length().map_err(f)?;
                    let mut out = Vec::with_capacity(len as usize);
                    for i in 0..len {
                        let item_path = format!("{shown}[{i}]");
                        let item: Unknown<'_> =
                            obj.get_element(i).map_err(|e| js_failure(&item_path, &e))?;
                        out.push(
                            self.value(&item, &item_path, depth + 1)?
                                .unwrap_or(Value::Null),
                        );
                    }
                    Value::Array(out)
                } else {
                    if let Some(name) = self.exotic_name(v, shown)? {
                        return Err(type_error(
                            shown,
                            format!("must be a plain object or JSON value, not {name}"),
                        ));
                    }
                    Value::Object(self.fields(&obj, path, depth, &[])?)
                }
            }
            ValueType::Function => {
                return Err(type_error(shown, "must be a JSON value, not a function"));
            }
            ValueType::Symbol => {
                return Err(type_error(shown, "must be a JSON value, not a symbol"));
            }
            _ => return Err(type_error(shown, "must be a JSON value")),
        }))
    }

    /// Copies the fields of an object, leaving out `skip` and `undefined`s.
    fn fields(
        &mut self,
        obj: &Object<'_>,
        path: &str,
        depth: u32,
        skip: &[&str],
    ) -> Result<Map<String, Value>, Error> {
        let mut out = Map::new();
        for key in self.keys(obj, path)? {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let child_path = join(path, &key);
            let child = self.get(obj, &key, path)?;
            if let Some(v) = self.value(&child, &child_path, depth + 1)? {
                out.insert(key, v);
            }
        }
        Ok(out)
    }

    /// Reads a broadcast request: the neutral JSON with the typed
    /// `strategy` converted, checked by the core. Returns whether the typed
    /// strategy was used (its errors are renamed to `strategy.*`).
    pub(crate) fn request(&mut self, v: &Unknown<'_>) -> Result<Parsed, Error> {
        let is_plain_object = self.kind(v, "request")? == ValueType::Object
            && !v.is_array().map_err(|e| js_failure("request", &e))?
            && self.exotic_name(v, "request")?.is_none();
        if !is_plain_object {
            // Let the core say what is wrong with it (field "request").
            let json = self.value(v, "", 0)?.unwrap_or(Value::Null);
            return read(&json, false).map(|request| Parsed {
                request,
                typed_strategy: false,
            });
        }
        let obj = self.object(v, "request")?;
        let mut fields = self.fields(&obj, "", 0, &["strategy"])?;
        let strategy = self.get(&obj, "strategy", "")?;
        let typed_strategy = match self.strategy(&strategy)? {
            None => false,
            Some((kind, content)) => {
                if ["strategyType", "strategyContent"]
                    .iter()
                    .any(|k| fields.get(*k).is_some_and(|v| !v.is_null()))
                {
                    return Err(ValidationError::new(
                        "strategy",
                        "not_allowed",
                        "cannot be combined with strategyType / strategyContent; give one or the other",
                    )
                    .into());
                }
                fields.insert("strategyType".to_owned(), kind);
                fields.insert("strategyContent".to_owned(), content);
                true
            }
        };
        let request = read(&Value::Object(fields), typed_strategy)?;
        Ok(Parsed {
            request,
            typed_strategy,
        })
    }

    /// `strategy` → (`strategyType`, `strategyContent`); `None` when absent.
    fn strategy(&mut self, v: &Unknown<'_>) -> Result<Option<(Value, Value)>, Error> {
        const SHAPE: &str = "must be { at: Date } or { every, days?, start: 'YYYY-MM-DD', end: 'YYYY-MM-DD', time: 'HH:MM:SS' }";
        let f = |e: napi::Error| js_failure("strategy", &e);
        match self.kind(v, "strategy")? {
            ValueType::Undefined | ValueType::Null => return Ok(None),
            ValueType::Object
                if !v.is_array().map_err(f)? && self.exotic_name(v, "strategy")?.is_none() => {}
            _ => return Err(type_error("strategy", SHAPE)),
        }
        let obj = self.object(v, "strategy")?;
        let mut given = Vec::new();
        for key in self.keys(&obj, "strategy")? {
            let value = self.get(&obj, &key, "strategy")?;
            if self.kind(&value, "strategy")? == ValueType::Undefined {
                continue;
            }
            if !STRATEGY_KEYS.contains(&key.as_str()) {
                let hint = STRATEGY_KEYS
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(&key))
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                return Err(ValidationError::new(
                    join("strategy", &key),
                    "unknown_field",
                    format!("is not a known field of strategy{hint}"),
                )
                .into());
            }
            given.push((key, value));
        }
        if let Some((_, at)) = given.iter().find(|(k, _)| k == "at") {
            if let Some((k, _)) = given
                .iter()
                .find(|(k, _)| RECURRING_KEYS.contains(&k.as_str()))
            {
                return Err(ValidationError::new(
                    join("strategy", k),
                    "not_allowed",
                    "cannot be combined with `at` (a one-off schedule)",
                )
                .into());
            }
            let ms = self.date_ms(at, "strategy.at")?;
            let mut content = Map::new();
            content.insert("fixedTime".to_owned(), Value::from(ms));
            return Ok(Some((Value::from(1), Value::Object(content))));
        }
        if given.is_empty() {
            return Err(type_error("strategy", SHAPE));
        }
        let mut content = Map::new();
        for (key, value) in &given {
            let path = join("strategy", key);
            let wire = match key.as_str() {
                "start" => "startTime",
                "end" => "endTime",
                "every" => "circleType",
                "days" => "circleValue",
                _ => "time",
            };
            let json = match key.as_str() {
                "start" | "end" => {
                    if self.kind(value, &path)? != ValueType::String {
                        return Err(ValidationError::new(
                            path.as_str(),
                            "date_format",
                            "must be a YYYY-MM-DD date string",
                        )
                        .into());
                    }
                    let text = self.value(value, &path, 1)?.unwrap_or(Value::Null);
                    let day = parse_day(text.as_str().unwrap_or_default(), &path)?;
                    Value::from(mpaas_push::schedule::china_midnight_ms(day))
                }
                _ => match self.value(value, &path, 1)? {
                    Some(v) => v,
                    None => continue,
                },
            };
            content.insert(wire.to_owned(), json);
        }
        Ok(Some((Value::from(2), Value::Object(content))))
    }

    /// Reads a companion-action request (list, cancel, revoke, figures) as
    /// neutral JSON, for `AnyRequest::from_json`. The only conversion is a
    /// `Date` in a top-level time field (`startTime`, `endTime`, `sentAt`),
    /// which becomes epoch milliseconds; numbers and RFC 3339 strings pass
    /// through for the core to read. Anything else is copied as is.
    pub(crate) fn neutral(&mut self, v: &Unknown<'_>) -> Result<Value, Error> {
        let is_plain_object = self.kind(v, "request")? == ValueType::Object
            && !v.is_array().map_err(|e| js_failure("request", &e))?
            && self.exotic_name(v, "request")?.is_none();
        if !is_plain_object {
            // The core says what is wrong with it (field "request").
            return Ok(self.value(v, "", 0)?.unwrap_or(Value::Null));
        }
        let obj = self.object(v, "request")?;
        let mut fields = Map::new();
        for key in self.keys(&obj, "")? {
            let child = self.get(&obj, &key, "")?;
            let is_date = TIME_FIELDS.contains(&key.as_str())
                && self.kind(&child, &key)? == ValueType::Object
                && child.is_date().map_err(|e| js_failure(&key, &e))?;
            let value = if is_date {
                Some(Value::from(self.date_ms(&child, &key)?))
            } else {
                self.value(&child, &key, 1)?
            };
            if let Some(value) = value {
                fields.insert(key, value);
            }
        }
        Ok(Value::Object(fields))
    }

    /// Epoch milliseconds of a valid `Date`.
    pub(crate) fn date_ms(&self, v: &Unknown<'_>, path: &str) -> Result<i64, Error> {
        let f = |e: napi::Error| js_failure(path, &e);
        let is_date = self.kind(v, path)? == ValueType::Object && v.is_date().map_err(f)?;
        if !is_date {
            return Err(type_error(path, "must be a Date"));
        }
        let ms = v.coerce_to_number().map_err(f)?.get_double().map_err(f)?;
        if !ms.is_finite() {
            return Err(type_error(
                path,
                "must be a valid Date (got an Invalid Date)",
            ));
        }
        // Date values are whole milliseconds within ±8.64e15.
        #[allow(clippy::cast_possible_truncation)]
        Ok(ms as i64)
    }
}

/// Integral numbers become JSON integers (so `300` reads as an integer and
/// `300.5` does not); NaN and ±Infinity have no JSON form.
fn number(x: f64, path: &str) -> Result<Value, Error> {
    if !x.is_finite() {
        return Err(
            ValidationError::new(path, "type", "must be a finite number")
                .with_value(x)
                .into(),
        );
    }
    #[allow(clippy::cast_possible_truncation)]
    if x.fract() == 0.0 && x.abs() < 9.0e18 {
        return Ok(Value::from(x as i64));
    }
    Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
}

/// A request read from JavaScript.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) request: BroadcastRequest,
    /// Whether the typed `strategy` was used.
    pub(crate) typed_strategy: bool,
}

fn read(json: &Value, typed_strategy: bool) -> Result<BroadcastRequest, Error> {
    BroadcastRequest::from_json(json).map_err(|e| rename(Error::from(e), typed_strategy))
}

/// Renames `strategyContent.*` fields to the `strategy.*` keys the caller
/// wrote, when the typed strategy was used.
pub(crate) fn rename(e: Error, typed_strategy: bool) -> Error {
    let Some(v) = e.validation().filter(|_| typed_strategy) else {
        return e;
    };
    let field = v.field();
    let Some((_, to)) = STRATEGY_PATHS.iter().find(|(from, _)| field == *from) else {
        return e;
    };
    let mut renamed = ValidationError::new(*to, v.rule(), v.message());
    if let Some(value) = v.value() {
        renamed = renamed.with_value(value);
    }
    renamed.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_numbers_are_integers() {
        assert_eq!(number(300.0, "x").unwrap(), Value::from(300));
        assert_eq!(number(-0.0, "x").unwrap(), Value::from(0));
        assert_eq!(
            number(1e16, "x").unwrap(),
            Value::from(10_000_000_000_000_000_i64)
        );
        assert!(number(300.5, "x").unwrap().is_f64());
        let e = number(f64::NAN, "expiredSeconds").unwrap_err();
        assert_eq!(e.field(), Some("expiredSeconds"));
        assert_eq!(e.validation().map(|v| v.rule()), Some("type"));
    }

    #[test]
    fn lone_surrogates_are_refused_naming_the_field() {
        let units = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        // Well-formed text, surrogate pairs included, passes unchanged.
        for ok in ["", "plain", "群发 task", "emoji 😀 here", "nul\0inside"] {
            assert_eq!(utf16_to_string(&units(ok), "taskName").unwrap(), ok);
        }
        let cases: [(&[u16], &str); 5] = [
            (&[0xD800], "U+D800 at index 0"),
            (&[0x61, 0xDC00], "U+DC00 at index 1"),
            (&[0xDC00, 0xD800], "U+DC00 at index 0"),
            // After a pair (two units) and one letter, a high surrogate ends the text.
            (&[0xD83D, 0xDE00, 0x61, 0xD83D], "U+D83D at index 3"),
            (&[0xD800, 0x61], "U+D800 at index 0"),
        ];
        for (bad, where_) in cases {
            let e = utf16_to_string(bad, "templateKeyValue.content").unwrap_err();
            let v = e.validation().expect("a validation error");
            assert_eq!(v.field(), "templateKeyValue.content");
            assert_eq!(v.rule(), "utf8");
            assert!(v.message().contains(where_), "{}", v.message());
            assert_eq!(v.value(), None, "the text is never echoed");
            assert!(!e.to_string().contains('\u{FFFD}'), "{e}");
        }
    }

    #[test]
    fn days_are_strict_iso_dates() {
        assert!(parse_day("2026-11-29", "d").is_ok());
        for bad in [
            "2026-11-31",
            "2026-1-29",
            "29/11/2026",
            "2026-11-29T00:00:00Z",
            "",
        ] {
            let e = parse_day(bad, "strategy.start").unwrap_err();
            assert_eq!(e.field(), Some("strategy.start"), "{bad}");
        }
    }

    #[test]
    fn strategy_errors_are_renamed_only_for_the_typed_form() {
        let e = || {
            Error::from(
                ValidationError::new("strategyContent.endTime", "max_days_ahead", "too far")
                    .with_value("2027-06-01"),
            )
        };
        let renamed = rename(e(), true);
        assert_eq!(renamed.field(), Some("strategy.end"));
        assert_eq!(
            renamed.validation().map(|v| v.rule()),
            Some("max_days_ahead")
        );
        assert_eq!(
            renamed.validation().and_then(|v| v.value()),
            Some("2027-06-01")
        );
        assert_eq!(rename(e(), false).field(), Some("strategyContent.endTime"));
        let other = Error::from(ValidationError::new("appId", "required", "is required"));
        assert_eq!(rename(other, true).field(), Some("appId"));
    }
}
