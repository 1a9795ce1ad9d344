//! Python values → the core's neutral JSON, in one converter bounded by
//! [`MAX_INPUT_DEPTH`]: `dict`/`list`/`tuple`/`str`/`int`/`float`/`bool`/
//! `None`, enum members (their value), `datetime`/`date`/`time` (ISO text)
//! and [`Schedule`]. What the value means is the core's to judge; a value
//! that has no JSON form fails through `mpaas_push::host`, naming the field.

use mpaas_push::host::{self, MAX_INPUT_DEPTH};
use mpaas_push::{Action, AnyRequest, ClientOptions, Error};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple, PyType};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use crate::errors::to_py;
use crate::schedule::Schedule;

/// `(enum.Enum, datetime.date, datetime.time)`, looked up once.
static CLASSES: PyOnceLock<(Py<PyType>, Py<PyType>, Py<PyType>)> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&(Py<PyType>, Py<PyType>, Py<PyType>)> {
    CLASSES.get_or_try_init(py, || {
        let class = |m: &str, n: &str| -> PyResult<Py<PyType>> {
            Ok(py.import(m)?.getattr(n)?.cast_into::<PyType>()?.unbind())
        };
        Ok((
            class("enum", "Enum")?,
            class("datetime", "date")?,
            class("datetime", "time")?,
        ))
    })
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Converts `obj`; `path()` names it in errors (`""`: the request itself;
/// built only on a failure), `top` is the field named when the value nests
/// too deeply (`None`: the value itself).
fn convert(
    obj: &Bound<'_, PyAny>,
    path: &dyn Fn() -> String,
    top: Option<&str>,
    depth: usize,
) -> Result<Value, Error> {
    let here = || {
        Some(path())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "request".into())
    };
    if depth > MAX_INPUT_DEPTH {
        return Err(host::too_deep(&top.map_or_else(here, str::to_owned)));
    }
    let py = obj.py();
    let wrong = || {
        let got = obj.get_type().name().map_or("?".into(), |n| n.to_string());
        host::wrong_type(&here(), "a JSON value", &got)
    };
    let text = |s: &Bound<'_, PyString>| {
        s.to_cow()
            .map(std::borrow::Cow::into_owned)
            .map_err(|_| host::not_unicode(&here()))
    };
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return text(s).map(Value::String);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        let n = (obj.extract::<i64>().map(Number::from).ok())
            .or_else(|| obj.extract::<u64>().map(Number::from).ok())
            .or_else(|| obj.extract::<f64>().ok().and_then(Number::from_f64));
        return n.map(Value::Number).ok_or_else(wrong);
    }
    let entry = |k: &Bound<'_, PyAny>, v: &Bound<'_, PyAny>| -> Result<(String, Value), Error> {
        let key = text(k.cast::<PyString>().map_err(|_| wrong())?)?;
        let value = convert(
            v,
            &|| join(&path(), &key),
            Some(top.unwrap_or(&key)),
            depth + 1,
        )?;
        Ok((key, value))
    };
    if let Ok(d) = obj.cast::<PyDict>() {
        return d
            .iter()
            .map(|(k, v)| entry(&k, &v))
            .collect::<Result<Map<_, _>, _>>()
            .map(Value::Object);
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        let mut map = Map::new();
        for pair in m.items().map_err(|_| wrong())? {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
                pair.extract().map_err(|_| wrong())?;
            let (key, value) = entry(&k, &v)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let named = top.map_or_else(here, str::to_owned);
        let mut items = Vec::new();
        for (i, v) in obj.try_iter().map_err(|_| wrong())?.enumerate() {
            items.push(convert(
                &v.map_err(|_| wrong())?,
                &|| format!("{}.{}", here(), i + 1),
                Some(&named),
                depth + 1,
            )?);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(s) = obj.cast::<Schedule>() {
        return Ok(s.get().0.clone());
    }
    let (enum_class, date, time) = classes(py).map_err(|_| wrong())?;
    let iso = obj
        .is_instance(date.bind(py))
        .and_then(|d| Ok(d || obj.is_instance(time.bind(py))?));
    if obj.is_instance(enum_class.bind(py)).map_err(|_| wrong())? {
        return convert(
            &obj.getattr(intern!(py, "value")).map_err(|_| wrong())?,
            path,
            top,
            depth + 1,
        );
    } else if iso.map_err(|_| wrong())? {
        return convert(
            &obj.call_method0(intern!(py, "isoformat"))
                .map_err(|_| wrong())?,
            path,
            top,
            depth + 1,
        );
    }
    Err(wrong())
}

/// One Python value at `field` (a request field, `nonce`, `timestamp`).
pub(crate) fn value(obj: &Bound<'_, PyAny>, field: &str) -> Result<Value, Error> {
    convert(obj, &|| field.to_owned(), Some(field), 0)
}

/// Optional text at `field` (`nonce`, `timestamp`, `action`): anything
/// else is the core's `type` rule.
pub(crate) fn text_arg(
    obj: Option<&Bound<'_, PyAny>>,
    field: &str,
) -> Result<Option<String>, Error> {
    match obj.map(|o| (o, value(o, field))) {
        None | Some((_, Ok(Value::Null))) => Ok(None),
        Some((_, Ok(Value::String(s)))) => Ok(Some(s)),
        Some((_, Err(e))) => Err(e),
        Some((o, Ok(_))) => Err(host::wrong_type(field, "text", &type_name(o))),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or("?".into(), |n| n.to_string())
}

/// `this_key` → `thisKey`: how snake_case keywords name the core's fields.
fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut parts = key.split('_');
    out.push_str(parts.next().unwrap_or_default());
    for p in parts {
        let mut c = p.chars();
        out.extend(c.next().map(|f| f.to_ascii_uppercase()));
        out.push_str(c.as_str());
    }
    out
}

/// The field a keyword sets: its camelCase form, or one of the readable
/// names of the companion actions.
fn field_of(keyword: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(match &*keyword.cast::<PyString>()?.to_cow()? {
        "unbind_period" => "unBindPeriod".into(),
        "start" => "startTime".into(),
        "end" => "endTime".into(),
        "kind" | "id_kind" => "type".into(),
        other => camel(other),
    })
}

/// The neutral request: `request` (a dict of camelCase fields, or whatever
/// the caller passed) or the snake_case keywords that are not `None`.
pub(crate) fn body(
    request: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<Value> {
    let fields = fields.filter(|f| !f.is_empty());
    match (request, fields) {
        (Some(_), Some(_)) => Err(PyTypeError::new_err(
            "pass either request=<neutral camelCase dict> or keyword fields, not both",
        )),
        (Some(r), None) => convert(r, &String::new, None, 0).map_err(to_py),
        (None, fields) => {
            let mut map = Map::new();
            for (k, v) in fields.into_iter().flat_map(|f| f.iter()) {
                if v.is_none() {
                    continue;
                }
                match map.entry(field_of(&k)?) {
                    Entry::Occupied(e) => {
                        return Err(PyTypeError::new_err(format!(
                            "two keywords set the field {:?}",
                            e.key()
                        )));
                    }
                    Entry::Vacant(e) => {
                        let value = value(&v, e.key()).map_err(to_py)?;
                        e.insert(value);
                    }
                }
            }
            Ok(Value::Object(map))
        }
    }
}

/// The action named by `action` (wire name or snake_case).
pub(crate) fn action(action: &Bound<'_, PyAny>) -> PyResult<Action> {
    let name = text_arg(Some(action), "action").map_err(|e| to_py(host::in_options(e)))?;
    name.unwrap_or_default().parse().map_err(to_py)
}

/// `action`'s request from `request` or the keywords.
pub(crate) fn any_request(
    name: &Bound<'_, PyAny>,
    request: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<AnyRequest> {
    let action = action(name)?;
    AnyRequest::from_json(action, &body(request, fields)?).map_err(|e| to_py(e.into()))
}

/// Client options as given (snake_case or camelCase keys; `None` is
/// "not given"), read by the core.
pub(crate) fn options(options: &Bound<'_, PyDict>) -> PyResult<ClientOptions> {
    let mut map = Map::new();
    for (k, v) in options.iter() {
        let key: String = k.extract()?;
        let value = value(&v, &camel(&key)).map_err(|e| to_py(host::in_options(e)))?;
        map.insert(key, value);
    }
    ClientOptions::from_json(&Value::Object(map)).map_err(to_py)
}
