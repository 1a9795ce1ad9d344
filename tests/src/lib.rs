//! Loads the shared vector files in `tests/vectors/` for the Rust
//! conformance tests (`tests/tests/*.rs`). The Python, Node and JVM suites
//! read the same files.

use std::path::PathBuf;

/// Directory holding the shared vector files.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Parses one vector file.
pub fn load(name: &str) -> serde_json::Value {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

pub mod proxy;
