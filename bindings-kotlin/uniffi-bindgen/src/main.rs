//! `uniffi-bindgen` at exactly the uniffi version of `mpaas-push-kotlin`:
//! generates the Kotlin sources from the built library (library mode), then
//! changes three things of UniFFI's JNA plumbing that cost the JVM tens of
//! µs per call (issue 13; measured by `benchmarks/jvm`). Each replacement
//! must match exactly once, else the build fails (a newer UniFFI changed
//! the template: check whether the change is still needed).
//!
//! 1. Every call took a fresh `UniffiRustCallStatus`, a JNA `Structure`
//!    whose native memory (and that of its nested `RustBuffer`) only the
//!    garbage collector and JNA's cleaner thread release. The calls of a
//!    thread now reuse theirs (a stack: lowering an argument makes calls of
//!    its own while the outer status is taken; the status never outlives
//!    `uniffiRustCallWithError`).
//! 2. JNA makes each `RustBuffer` a Rust function returns through a
//!    `(Pointer)` constructor if the class has one, else, after a
//!    `NoSuchMethodException`, through the no-argument one. `RustBuffer.ByValue`
//!    gets that constructor: it copies the returned struct into its own memory
//!    (JNA's placeholder at address 0, passed to learn the size, is not read).
//! 3. The Rust runtime's threads wake suspended calls through a JNA callback;
//!    JNA attached such a thread to the JVM and detached it again on every
//!    wake-up. They now stay attached (daemon threads, detached by JNA when
//!    the thread ends).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// (what UniFFI 0.32 generates, what replaces it).
const PATCHES: &[(&str, &str)] = &[
    (
        "    class ByValue: RustBuffer(), Structure.ByValue\n",
        "    class ByValue: RustBuffer, Structure.ByValue {
        constructor() : super()
        // JNA also passes a placeholder at address 0 (to learn the size).
        constructor(p: Pointer) : super() {
            if (Pointer.nativeValue(p) != 0L) pointer.write(0, p.getByteArray(0, size()), 0, size())
        }
    }
",
    ),
    (
        "internal object uniffiRustFutureContinuationCallbackImpl: UniffiRustFutureContinuationCallback {\n",
        "internal object uniffiRustFutureContinuationCallbackImpl: UniffiRustFutureContinuationCallback {
    init {
        com.sun.jna.Native.setCallbackThreadInitializer(this, com.sun.jna.CallbackThreadInitializer(true, false, \"mpaas-push-wake\"))
    }

",
    ),
    (
        "    var status = UniffiRustCallStatus()\n    val return_value = callback(status)\n    uniffiCheckCallStatus(errorHandler, status)\n    return return_value\n",
        "    val status = UniffiCallStatusPool.acquire()\n    try {\n        val return_value = callback(status)\n        uniffiCheckCallStatus(errorHandler, status)\n        return return_value\n    } finally {\n        UniffiCallStatusPool.release(status)\n    }\n",
    ),
    (
        "class InternalException(message: String) : kotlin.Exception(message)\n",
        "class InternalException(message: String) : kotlin.Exception(message)

// The call statuses of this thread, reused (see uniffi-bindgen/src/main.rs, 1).
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
