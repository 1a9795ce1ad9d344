//! `tests/vectors/client-options.json` through the core's one options
//! reader: every bad case fails with the pinned code, field and rule and
//! never quotes a secret; every good case builds a client.

use mpaas_push::ClientOptions;
use mpaas_push_conformance::load;

#[test]
fn client_option_vectors() {
    let doc = load("client-options.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let from_env = c["fromEnv"].as_bool().unwrap_or(false);
        let built = ClientOptions::from_json(&c["options"]).and_then(|o| {
            if from_env {
                o.build_from_env("rust")
            } else {
                o.build("rust")
            }
        });
        match (&c["expect"], built) {
            (serde_json::Value::String(ok), Ok(_)) if ok == "ok" => {}
            (serde_json::Value::String(_), Err(e)) => panic!("{name}: expected ok, got {e}"),
            (want, Ok(_)) => panic!("{name}: expected {want}, got a client"),
            (want, Err(e)) => {
                let got = (
                    e.code().as_str(),
                    e.field().unwrap_or("<none>"),
                    e.rule().map_or("<none>", |r| r.as_str()),
                );
                let expected = (
                    want["code"].as_str().unwrap(),
                    want["field"].as_str().unwrap(),
                    want["rule"].as_str().unwrap(),
                );
                assert_eq!(got, expected, "{name}: {e}");
                let shown = format!("{e} {e:?}");
                for s in c["mustNotContain"].as_array().into_iter().flatten() {
                    let s = s.as_str().unwrap();
                    assert!(!shown.contains(s), "{name}: {s:?} in {shown}");
                }
            }
        }
    }
}

#[test]
fn options_read_through_any_serde_format() {
    // The same rules whether the options come as a JSON value or through a
    // serde deserializer (what napi's `from_js_value` and pythonize use).
    let e = serde_json::from_str::<ClientOptions>(r#"{"retry":{"maxAttempts":"3"}}"#).unwrap_err();
    assert!(e.to_string().contains("retry.maxAttempts"), "{e}");
    let o = serde_json::from_str::<ClientOptions>(r#"{"retry":{"maxAttempts":-1}}"#).unwrap();
    assert_eq!(o.check().unwrap_err().field(), Some("retry.maxAttempts"));
}
