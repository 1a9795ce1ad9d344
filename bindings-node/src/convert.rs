//! JavaScript values ⇄ the core's types.
//!
//! [`to_json`] is the one conversion from JavaScript: it copies a value into
//! the `serde_json::Value` that `ClientOptions::from_json` and
//! `AnyRequest::from_json` read (`undefined` properties are absent, a `Date`
//! becomes its ISO text as in `JSON.stringify`). What JSON cannot hold is
//! refused naming its path with the core's conversion errors
//! (`mpaas_push::host`): lone UTF-16 surrogates (napi's UTF-8 conversion
//! would silently replace them), functions, symbols, BigInts and objects
//! that are not plain (a `Map`, a class instance), and nesting deeper than
//! `host::MAX_INPUT_DEPTH` (which also stops cyclic objects). Results go back
//! through napi's serde support ([`to_js`]); a dry run, the largest, is built
//! by one call of a small JavaScript function ([`prepared_to_js`]): one
//! engine call instead of one napi property store per field.

use mpaas_push::{Error, PreparedRequest, host};
use napi::bindgen_prelude::{
    Env, FnArgs, FromNapiValue, Function, FunctionRef, JsObjectValue, Object, Unknown,
};
use napi::{JsValue, ValueType};
use serde_json::{Map, Value};

/// A failed napi call (the JavaScript engine refused an operation).
pub(crate) fn napi_failure(e: napi::Error) -> Error {
    Error::internal(format!("a JavaScript engine call failed: {}", e.reason))
}

/// A core value (result, dry run, page item) as a JavaScript value.
pub(crate) fn to_js<'env, T: serde::Serialize>(env: &Env, v: &T) -> Result<Unknown<'env>, Error> {
    env.to_js_value(v).map_err(napi_failure)
}

/// Builds a dry run's object from its parts in one call: object literals in
/// the engine instead of one property store per field. A map (`headers`,
/// `signedParams`) comes as its keys and its values, each `\0`-joined (the
/// split keys are kept per key set: no new property name per call).
const BUILD_PREPARED: &str = r"(() => {
  const shapes = new Map()
  function map(ks, vs) {
    let keys = shapes.get(ks)
    if (keys === undefined) {
      keys = ks === '' ? [] : ks.split('\0')
      if (shapes.size < 256) shapes.set(ks, keys)
    }
    const o = {}, v = vs.split('\0')
    for (let i = 0; i < keys.length; i++) o[keys[i]] = v[i]
    return o
  }
  return (m, u, hk, hv, b, sm, sk, sv, cr, st, sg, n, ts) => {
    const headers = map(hk, hv), signedParams = map(sk, sv)
    return cr === null
      ? { method: m, url: u, headers, body: b, signatureMethod: sm, signedParams,
          stringToSign: st, signature: sg, nonce: n, timestamp: ts }
      : { method: m, url: u, headers, body: b, signatureMethod: sm, signedParams,
          canonicalRequest: cr, stringToSign: st, signature: sg, nonce: n, timestamp: ts }
  }
})()";

type S = String;
type PreparedArgs = FnArgs<(S, S, S, S, S, S, S, S, Option<S>, S, S, S, S)>;
type Builder<'env> = Function<'env, PreparedArgs, Unknown<'static>>;

/// The builder of this JavaScript environment (compiled on first use, kept
/// as the environment's instance data).
fn builder(env: &Env) -> napi::Result<Builder<'_>> {
    if let Some(f) = env.get_instance_data::<FunctionRef<PreparedArgs, Unknown<'static>>>()? {
        return f.borrow_back(env);
    }
    let f: Builder<'_> = env.run_script(BUILD_PREPARED)?;
    env.set_instance_data(f.create_ref()?, (), |_| {})?;
    Ok(f)
}

/// The keys and the values, each `\0`-joined; `None` if one holds a NUL.
fn flat<'a>(pairs: impl Iterator<Item = (&'a String, &'a String)>) -> Option<(String, String)> {
    let (mut keys, mut values) = (String::new(), String::new());
    for (i, (k, v)) in pairs.enumerate() {
        if k.contains('\0') || v.contains('\0') {
            return None;
        }
        if i > 0 {
            keys.push('\0');
            values.push('\0');
        }
        keys.push_str(k);
        values.push_str(v);
    }
    Some((keys, values))
}

/// A dry run as a JavaScript object (the serde form, built in one call).
pub(crate) fn prepared_to_js<'env>(
    env: &'env Env,
    p: PreparedRequest,
) -> Result<Unknown<'env>, Error> {
    let (Some(h), Some(sp)) = (
        flat(p.headers.iter().map(|(k, v)| (k, v))),
        flat(p.signed_params.iter()),
    ) else {
        return to_js(env, &p);
    };
    let PreparedRequest {
        method,
        url,
        body,
        signature_method,
        canonical_request,
        string_to_sign,
        signature,
        nonce,
        timestamp,
        ..
    } = p;
    let args = (
        method,
        url,
        h.0,
        h.1,
        body,
        signature_method,
        sp.0,
        sp.1,
        canonical_request,
        string_to_sign,
        signature,
        nonce,
        timestamp,
    );
    builder(env)
        .and_then(|f| f.call(args.into()))
        .map_err(napi_failure)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A JavaScript string as Rust text; a lone surrogate is refused, naming
/// `path` (never quoting the text: it may be a secret). Read as UTF-8 (the
/// engine writes U+FFFD for a lone surrogate); only text holding U+FFFD is
/// read again as UTF-16 to tell a lone surrogate from a real U+FFFD.
fn text(v: &Unknown<'_>, path: &str) -> Result<String, Error> {
    let s = String::from_unknown(*v).map_err(napi_failure)?;
    if !s.contains('\u{FFFD}') {
        return Ok(s);
    }
    let utf16 = v
        .coerce_to_string()
        .and_then(|s| s.into_utf16())
        .map_err(napi_failure)?;
    // napi's buffer ends with the terminating NUL it wrote.
    let units = utf16.as_slice().split_last().map_or(&[][..], |(_, u)| u);
    char::decode_utf16(units.iter().copied())
        .collect::<Result<String, _>>()
        .map_err(|_| host::not_unicode(path))
}

/// The class name of an object that is not plain, for the error.
fn class_name(proto: &Object<'_>) -> Option<String> {
    let ctor: Unknown<'_> = proto.get_named_property("constructor").ok()?;
    if ctor.get_type().ok()? != ValueType::Function {
        return None;
    }
    let name: Unknown<'_> = ctor
        .coerce_to_object()
        .ok()?
        .get_named_property("name")
        .ok()?;
    (name.get_type().ok()? == ValueType::String)
        .then(|| text(&name, "").ok())
        .flatten()
}

/// `Err(got)` unless `obj`'s prototype is `Object.prototype` (of any realm)
/// or `null`.
fn plain(obj: &Object<'_>) -> Result<Result<(), String>, Error> {
    let proto = obj.get_prototype().map_err(napi_failure)?;
    if proto.get_type().map_err(napi_failure)? == ValueType::Null {
        return Ok(Ok(()));
    }
    let proto = proto.coerce_to_object().map_err(napi_failure)?;
    let grand = proto.get_prototype().map_err(napi_failure)?;
    if grand.get_type().map_err(napi_failure)? == ValueType::Null {
        return Ok(Ok(()));
    }
    Ok(Err(class_name(&proto).map_or_else(
        || "an object with a prototype".to_owned(),
        |n| format!("a {n}"),
    )))
}

/// Copies `v` into a JSON value; errors name `root` for the value itself
/// and the path inside it (`templateKeyValue.content`) for its parts.
pub(crate) fn to_json(v: &Unknown<'_>, root: &str) -> Result<Value, Error> {
    walk(v, "", root, 0).map(Option::unwrap_or_default)
}

/// `None` for `undefined`.
fn walk(v: &Unknown<'_>, path: &str, root: &str, depth: usize) -> Result<Option<Value>, Error> {
    let shown = if path.is_empty() { root } else { path };
    let wrong = |got: &str| Err(host::wrong_type(shown, "a JSON value", got));
    let number = |v: &Unknown<'_>| f64::from_unknown(*v);
    Ok(Some(match v.get_type().map_err(napi_failure)? {
        ValueType::Undefined => return Ok(None),
        ValueType::Null => Value::Null,
        ValueType::Boolean => Value::Bool(bool::from_unknown(*v).map_err(napi_failure)?),
        ValueType::String => Value::String(text(v, shown)?),
        ValueType::Number => {
            let x = number(v).map_err(napi_failure)?;
            if !x.is_finite() {
                return Err(host::wrong_type(shown, "a finite number", &x.to_string()));
            }
            // Integral numbers are integers (`300`, not `300.0`).
            #[allow(clippy::cast_possible_truncation)]
            if x.fract() == 0.0 && x.abs() < 9.0e18 {
                Value::from(x as i64)
            } else {
                Value::from(x)
            }
        }
        ValueType::Object => {
            if depth >= host::MAX_INPUT_DEPTH {
                return Err(host::too_deep(shown));
            }
            let obj = v.coerce_to_object().map_err(napi_failure)?;
            if v.is_array().map_err(napi_failure)? {
                let len = obj.get_array_length().map_err(napi_failure)?;
                let mut out = Vec::with_capacity(len as usize);
                for i in 0..len {
                    let item: Unknown<'_> = obj.get_element(i).map_err(napi_failure)?;
                    out.push(
                        walk(&item, &format!("{shown}[{i}]"), root, depth + 1)?.unwrap_or_default(),
                    );
                }
                Value::Array(out)
            } else if v.is_date().map_err(napi_failure)? {
                let ms = v
                    .coerce_to_number()
                    .and_then(|n| n.get_double())
                    .map_err(napi_failure)?;
                // A valid Date holds whole milliseconds within ±8.64e15.
                #[allow(clippy::cast_possible_truncation)]
                let at = ms
                    .is_finite()
                    .then(|| chrono::DateTime::from_timestamp_millis(ms as i64));
                match at.flatten() {
                    Some(t) => {
                        Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                    }
                    None => return Err(host::wrong_type(shown, "a valid Date", "an Invalid Date")),
                }
            } else {
                if let Err(got) = plain(&obj)? {
                    return wrong(&got);
                }
                let names = obj.get_property_names().map_err(napi_failure)?;
                let len = names.get_array_length().map_err(napi_failure)?;
                let mut out = Map::new();
                for i in 0..len {
                    let name: Unknown<'_> = names.get_element(i).map_err(napi_failure)?;
                    let key = text(&name, shown)?;
                    let child: Unknown<'_> = obj.get_property(name).map_err(napi_failure)?;
                    if let Some(value) = walk(&child, &join(path, &key), root, depth + 1)? {
                        out.insert(key, value);
                    }
                }
                Value::Object(out)
            }
        }
        ValueType::Function => return wrong("a function"),
        ValueType::Symbol => return wrong("a symbol"),
        ValueType::BigInt => return wrong("a BigInt"),
        _ => return wrong("a host object"),
    }))
}

/// The JSON type of `v`, for errors.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
