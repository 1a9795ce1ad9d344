//! `uniffi-bindgen` at exactly the uniffi version of `mpaas-push-kotlin`:
//! generates the Kotlin sources from the built library (library mode), then
//! makes one change to UniFFI's JNA plumbing that cuts the per-call cost
//! (issue 13; `benchmarks/jvm`), applied exactly once or the build fails:
//! every call took a fresh `UniffiRustCallStatus`, a JNA `Structure` whose
//! native memory (plus that of its nested `RustBuffer`) only the garbage
//! collector and JNA's cleaner thread release: tens of µs of CPU per call.
//! The calls of a thread now reuse theirs (a stack, since lowering an
//! argument makes calls of its own while the outer status is taken).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// (what UniFFI 0.32 generates, what replaces it).
const PATCHES: &[(&str, &str)] = &[
    (
        "    var status = UniffiRustCallStatus()\n    val return_value = callback(status)\n    uniffiCheckCallStatus(errorHandler, status)\n    return return_value\n",
        "    val status = UniffiCallStatusPool.acquire()\n    try {\n        val return_value = callback(status)\n        uniffiCheckCallStatus(errorHandler, status)\n        return return_value\n    } finally {\n        UniffiCallStatusPool.release(status)\n    }\n",
    ),
    (
        "class InternalException(message: String) : kotlin.Exception(message)\n",
        "class InternalException(message: String) : kotlin.Exception(message)

// The call statuses of this thread, reused (see uniffi-bindgen/src/main.rs).
internal object UniffiCallStatusPool {
    private val free = ThreadLocal.withInitial { ArrayList<UniffiRustCallStatus>(4) }

    fun acquire(): UniffiRustCallStatus {
        val stack = free.get()
        val status = if (stack.isEmpty()) UniffiRustCallStatus() else stack.removeAt(stack.size - 1)
        status.code = UNIFFI_CALL_SUCCESS
        status.error_buf.capacity = 0
        status.error_buf.len = 0
        status.error_buf.data = null
        return status
    }

    fun release(status: UniffiRustCallStatus) {
        free.get().add(status)
    }
}
",
    ),
];

fn kotlin_out_dir() -> Option<PathBuf> {
    let args: Vec<String> = std::env::args().collect();
    let kotlin = args
        .windows(2)
        .any(|w| w[0] == "--language" && w[1] == "kotlin");
    let dir = args
        .windows(2)
        .find(|w| w[0] == "--out-dir")
        .map(|w| PathBuf::from(&w[1]));
    if kotlin { dir } else { None }
}

fn kotlin_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            kotlin_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "kt") {
            out.push(path);
        }
    }
    Ok(())
}

fn patch(dir: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    kotlin_files(dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    for file in files {
        let mut text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        if !text.contains("uniffiRustCallWithError") {
            continue;
        }
        for (from, to) in PATCHES {
            if text.matches(from).count() != 1 {
                return Err(format!(
                    "{}: the generated code changed (expected exactly one {from:?}); update uniffi-bindgen/src/main.rs",
                    file.display()
                ));
            }
            text = text.replacen(from, to, 1);
        }
        std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    uniffi::uniffi_bindgen_main();
    if let Some(dir) = kotlin_out_dir()
        && let Err(e) = patch(&dir)
    {
        eprintln!("uniffi-bindgen: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
