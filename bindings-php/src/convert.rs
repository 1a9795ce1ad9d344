//! PHP values ⇄ the core's neutral JSON.
//!
//! [`to_json`] is the one conversion from PHP: `null`, `bool`, `int`,
//! `float`, `string`, arrays (a list when its keys are 0…n-1, else an
//! object; an empty array is `[]`, or `{}` where an object is the whole
//! value) and `stdClass` objects (always an object: what `json_decode()`
//! returns), plus a few objects a PHP caller naturally passes: a
//! `DateTimeInterface` (RFC 3339 text), a `BackedEnum` (its value), a
//! `JsonSerializable` (what it serializes to) and a
//! [`BroadcastRequest`](crate::client::BroadcastRequest). What it means is
//! the core's to judge (`AnyRequest::from_json`, `ClientOptions::from_json`);
//! what JSON cannot hold is refused naming its path with the core's
//! conversion errors (`mpaas_push::host`). [`to_php`] turns results back.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ClassEntry;
use mpaas_push::{Error, host};
use serde_json::{Map, Number, Value};

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Copies `v` into a JSON value; errors name `root` for the value itself
/// and the path inside it (`templateKeyValue.content`) for its parts.
pub(crate) fn to_json(v: &Zval, root: &str) -> Result<Value, Error> {
    match walk(v, "", root, 0)? {
        Value::Array(a) if a.is_empty() && v.is_array() => Ok(Value::Object(Map::new())),
        other => Ok(other),
    }
}

fn class_is(obj: &ext_php_rs::types::ZendObject, name: &str) -> bool {
    ClassEntry::try_find(name).is_some_and(|ce| obj.instance_of(ce))
}

fn walk(v: &Zval, path: &str, root: &str, depth: usize) -> Result<Value, Error> {
    let shown = if path.is_empty() { root } else { path };
    let v = v.dereference();
    if v.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = v.long() {
        return Ok(Value::from(n));
    }
    if let Some(x) = v.double() {
        return Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| host::wrong_type(shown, "a finite number", &x.to_string()));
    }
    if v.is_string() {
        return v
            .str()
            .map(|s| Value::String(s.to_owned()))
            .ok_or_else(|| host::not_unicode(shown));
    }
    if depth >= host::MAX_INPUT_DEPTH {
        return Err(host::too_deep(shown));
    }
    if let Some(arr) = v.array() {
        if arr.has_sequential_keys() {
            let mut out = Vec::with_capacity(arr.len());
            for (i, item) in arr.values().enumerate() {
                out.push(walk(item, &format!("{shown}[{i}]"), root, depth + 1)?);
            }
            return Ok(Value::Array(out));
        }
        let mut out = Map::new();
        for (key, item) in arr {
            let key = key.to_string();
            let value = walk(item, &join(path, &key), root, depth + 1)?;
            out.insert(key, value);
        }
        return Ok(Value::Object(out));
    }
    if let Some(obj) = v.object() {
        if let Some(r) = obj
            .extract::<&crate::client::BroadcastRequest>()
            .ok()
            .filter(|_| obj.is_instance::<crate::client::BroadcastRequest>())
        {
            return Ok(r.fields.clone());
        }
        let call = |method: &str, args: Vec<&dyn ext_php_rs::convert::IntoZvalDyn>| {
            obj.try_call_method(method, args)
                .map_err(|_| host::wrong_type(shown, "a JSON value", "an object that failed"))
        };
        if class_is(obj, "DateTimeInterface") {
            return walk(
                &call("format", vec![&"Y-m-d\\TH:i:s.vP"])?,
                path,
                root,
                depth + 1,
            );
        }
        if class_is(obj, "BackedEnum") {
            let value = obj.get_properties().ok().and_then(|p| p.get("value"));
            let value = value.ok_or_else(|| host::wrong_type(shown, "a JSON value", "an enum"))?;
            return walk(value, path, root, depth + 1);
        }
        if obj.get_class_entry().name() == Some("stdClass") {
            // `json_decode()`'s objects (and `(object) [...]`): always an
            // object, also when empty.
            let mut out = Map::new();
            for (key, item) in obj.get_properties().map_err(|_| host::too_deep(shown))? {
                let key = key.to_string();
                let value = walk(item, &join(path, &key), root, depth + 1)?;
                out.insert(key, value);
            }
            return Ok(Value::Object(out));
        }
        if class_is(obj, "JsonSerializable") {
            return walk(&call("jsonSerialize", vec![])?, path, root, depth + 1);
        }
        let name = obj.get_class_name().unwrap_or_else(|_| "object".into());
        return Err(host::wrong_type(
            shown,
            "a JSON value",
            &format!("an object of class {name}"),
        ));
    }
    Err(host::wrong_type(
        shown,
        "a JSON value",
        &format!("a {}", v.get_type()),
    ))
}

/// A JSON value as PHP: objects become associative arrays.
pub(crate) fn to_php(v: &Value) -> Result<Zval, Error> {
    let failed = |_| Error::internal("PHP refused a value");
    Ok(match v {
        Value::Null => Zval::null(),
        Value::Bool(b) => b.into_zval(false).map_err(failed)?,
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_zval(false).map_err(failed)?,
            None => n
                .as_f64()
                .unwrap_or_default()
                .into_zval(false)
                .map_err(failed)?,
        },
        Value::String(s) => s.as_str().into_zval(false).map_err(failed)?,
        Value::Array(items) => {
            let mut ht: ZBox<ZendHashTable> = ZendHashTable::with_capacity(len32(items.len()));
            for item in items {
                ht.push(to_php(item)?).map_err(failed)?;
            }
            ht.into_zval(false).map_err(failed)?
        }
        Value::Object(map) => {
            let mut ht: ZBox<ZendHashTable> = ZendHashTable::with_capacity(len32(map.len()));
            for (k, item) in map {
                ht.insert(k.as_str(), to_php(item)?).map_err(failed)?;
            }
            ht.into_zval(false).map_err(failed)?
        }
    })
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A serializable core value (a result, a page item) as PHP.
pub(crate) fn serialize<T: serde::Serialize>(v: &T) -> Result<Zval, Error> {
    let json = serde_json::to_value(v).map_err(|e| Error::internal(e.to_string()))?;
    to_php(&json)
}
