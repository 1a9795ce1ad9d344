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
//! 4. JNA copies a `Structure` to and from native memory before and after
//!    every call through reflection (each field looked up, boxed and set,
//!    nested structures recursed into, a thread-local "busy" set kept), and
//!    calls back into Java for it. `RustBuffer` now reads and writes its
//!    three fields at fixed offsets, and a lowered buffer's length is set as
//!    a field instead of by name. The call status every FFI function takes
//!    is no `Structure` any more but native memory of the same layout
//!    (`UniffiCallStatus`, offsets from JNA's layout of the original), which
//!    JNA passes as a plain pointer.
//! 5. A caller string (`JvmString`, uniffi.toml) was turned into a byte
//!    array twice per lowering (once to size the buffer, once to write it);
//!    its size is now bounded by `5 + 3 × length` and it is encoded once,
//!    straight into the buffer (UTF-16 code units) or through one UTF-8
//!    array (a string without surrogates: Rust takes UTF-8 without
//!    decoding UTF-16).
//! 6. A `RustBuffer.ByValue` (every buffer a Rust function returns, and so
//!    every lowered argument and every lifted result) was a JNA `Structure`
//!    with its own native memory: a malloc, an entry in JNA's memory map and
//!    one in its cleaner, per buffer. Its fields live in Java; native memory
//!    is only read while it is passed by value, right after `write()`. It
//!    now takes a slot of a per-thread ring of 64 instead: a buffer goes to
//!    the FFI call on the thread that made it, with at most a few other
//!    buffers made in between (the call's other arguments).
//! 7. A lifted result was read string by string from native memory (a byte
//!    array per string, copied, then decoded); it is now copied into the heap
//!    once and each string decoded straight from that array.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// (what UniFFI 0.32 generates, what replaces it); each occurs exactly once.
const PATCHES: &[(&str, &str)] = &[
    (
        "    class ByValue: RustBuffer(), Structure.ByValue\n",
        "    // Fixed offsets instead of JNA's reflective copy (uniffi-bindgen/src/main.rs, 4).
    override fun read() {
        val p = pointer
        capacity = p.getLong(0)
        len = p.getLong(8)
        data = p.getPointer(16)
    }

    override fun write() {
        val p = pointer
        p.setLong(0, capacity)
        p.setLong(8, len)
        p.setPointer(16, data)
    }

    // Native memory from this thread's ring, not its own (uniffi-bindgen/src/main.rs, 6).
    class ByValue: RustBuffer, Structure.ByValue {
        constructor() : super(UniffiRustBufferRing.slot())
        // JNA also passes a placeholder at address 0 (to learn the size).
        constructor(p: Pointer) : super(UniffiRustBufferRing.slot()) {
            if (Pointer.nativeValue(p) != 0L) {
                capacity = p.getLong(0)
                len = p.getLong(8)
                data = p.getPointer(16)
                write() // JNA reads the struct back right after
            }
        }
    }
",
    ),
    (
        "            rbuf.writeField(\"len\", bbuf.position().toLong())\n",
        "            rbuf.len = bbuf.position().toLong()\n",
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

// A call status as plain native memory: JNA passes it as a pointer, with no
// reflective copy before and after the call (uniffi-bindgen/src/main.rs, 4).
// Rust writes it only on failure; `error_buf` is read only then.
internal class UniffiCallStatus : com.sun.jna.Memory(UniffiCallStatusLayout.SIZE) {
    val code: Byte get() = getByte(0)

    val error_buf: RustBuffer.ByValue
        get() = RustBuffer.ByValue().also {
            it.capacity = getLong(UniffiCallStatusLayout.ERROR_BUF)
            it.len = getLong(UniffiCallStatusLayout.ERROR_BUF + 8)
            it.data = getPointer(UniffiCallStatusLayout.ERROR_BUF + 16)
        }

    fun isSuccess(): Boolean = code == UNIFFI_CALL_SUCCESS

    fun isError(): Boolean = code == UNIFFI_CALL_ERROR

    fun isPanic(): Boolean = code == UNIFFI_CALL_UNEXPECTED_ERROR
}

// UniffiRustCallStatus as JNA lays it out on this platform.
internal object UniffiCallStatusLayout {
    private class Probe : UniffiRustCallStatus() {
        val errorBuf = fieldOffset(\"error_buf\").toLong()
    }

    val ERROR_BUF: Long
    val SIZE: Long

    init {
        val probe = Probe()
        ERROR_BUF = probe.errorBuf
        SIZE = probe.size().toLong()
    }
}

// The call statuses of this thread, reused (see uniffi-bindgen/src/main.rs, 1).
internal object UniffiCallStatusPool {
    private val free = ThreadLocal.withInitial { ArrayList<UniffiCallStatus>(4) }

    fun acquire(): UniffiCallStatus {
        val stack = free.get()
        val status = if (stack.isEmpty()) UniffiCallStatus() else stack.removeAt(stack.size - 1)
        status.setByte(0, UNIFFI_CALL_SUCCESS)
        return status
    }

    fun release(status: UniffiCallStatus) {
        free.get().add(status)
    }
}
",
    ),
    (
        "    override fun allocationSize(value: JvmString): ULong {
        val builtinValue = value.let { s -> if (s.none(Char::isSurrogate)) byteArrayOf(0) + s.encodeToByteArray() else byteArrayOf(1) + java.nio.ByteBuffer.allocate(2 * s.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).apply { asCharBuffer().put(s) }.array() }
        return FfiConverterByteArray.allocationSize(builtinValue)
    }

    override fun write(value: JvmString, buf: ByteBuffer) {
        val builtinValue = value.let { s -> if (s.none(Char::isSurrogate)) byteArrayOf(0) + s.encodeToByteArray() else byteArrayOf(1) + java.nio.ByteBuffer.allocate(2 * s.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).apply { asCharBuffer().put(s) }.array() }
        FfiConverterByteArray.write(builtinValue, buf)
    }
",
        "    // uniffi.toml's `lower` (UTF-8, or UTF-16LE with a surrogate) with one
    // array fewer (uniffi-bindgen/src/main.rs, 5); UTF-8 takes at most 3
    // bytes per UTF-16 code unit.
    override fun allocationSize(value: JvmString): ULong = 5UL + 3UL * value.length.toULong()

    override fun write(value: JvmString, buf: ByteBuffer) {
        if (value.none(Char::isSurrogate)) {
            val utf8 = value.encodeToByteArray()
            buf.putInt(1 + utf8.size)
            buf.put(0)
            buf.put(utf8)
            return
        }
        buf.putInt(1 + 2 * value.length)
        buf.put(1)
        val at = buf.position()
        buf.slice().order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().put(value)
        buf.position(at + 2 * value.length)
    }
",
    ),
    (
        "open class RustBuffer : Structure() {\n",
        "open class RustBuffer : Structure {
    constructor() : super()
    protected constructor(p: Pointer) : super(p)

",
    ),
    (
        "class InternalException(message: String) : kotlin.Exception(message)\n",
        "class InternalException(message: String) : kotlin.Exception(message)

// Per thread, 64 slots of native memory for `RustBuffer.ByValue`, taken in
// turn (uniffi-bindgen/src/main.rs, 6).
internal object UniffiRustBufferRing {
    private const val SLOTS = 64
    private const val SLOT_SIZE = 32L

    private class Ring {
        val memory = com.sun.jna.Memory(SLOTS * SLOT_SIZE)
        val slots = Array(SLOTS) { memory.share(it * SLOT_SIZE, SLOT_SIZE) }
        var next = 0
    }

    private val ring = ThreadLocal.withInitial { Ring() }

    fun slot(): Pointer {
        val r = ring.get()
        val p = r.slots[r.next]
        r.next = (r.next + 1) % SLOTS
        return p
    }
}
",
    ),
    (
        "        val byteBuf = rbuf.asByteBuffer()!!\n",
        "        // Copied into the heap once (uniffi-bindgen/src/main.rs, 7).
        val byteBuf = ByteBuffer.wrap(ByteArray(rbuf.len.toInt()).also { rbuf.data!!.read(0, it, 0, it.size) })
",
    ),
    (
        "    override fun read(buf: ByteBuffer): String {
        val len = buf.getInt()
        val byteArr = ByteArray(len)
        buf.get(byteArr)
        return byteArr.toString(Charsets.UTF_8)
    }
",
        "    override fun read(buf: ByteBuffer): String {
        val len = buf.getInt()
        if (buf.hasArray() && len in 0..buf.remaining()) {
            // Decoded from the heap copy (uniffi-bindgen/src/main.rs, 7).
            val at = buf.position()
            buf.position(at + len)
            return String(buf.array(), buf.arrayOffset() + at, len, Charsets.UTF_8)
        }
        val byteArr = ByteArray(len)
        buf.get(byteArr)
        return byteArr.toString(Charsets.UTF_8)
    }
",
    ),
];

/// Replaced wherever they occur (at least once): every FFI function and the
/// call helpers take the call status as [`UniffiCallStatus`] (4).
const EVERYWHERE: &[(&str, &str)] = &[
    (
        "uniffi_out_err: UniffiRustCallStatus,",
        "uniffi_out_err: UniffiCallStatus,",
    ),
    (
        "callback: (UniffiRustCallStatus) -> U",
        "callback: (UniffiCallStatus) -> U",
    ),
    (
        "errorHandler: UniffiRustCallStatusErrorHandler<E>, status: UniffiRustCallStatus)",
        "errorHandler: UniffiRustCallStatusErrorHandler<E>, status: UniffiCallStatus)",
    ),
    (
        "completeFunc: (Long, UniffiRustCallStatus) -> F,",
        "completeFunc: (Long, UniffiCallStatus) -> F,",
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
        for (from, to) in EVERYWHERE {
            if !text.contains(from) {
                return Err(format!(
                    "{}: the generated code changed (expected {from:?}); update uniffi-bindgen/src/main.rs",
                    file.display()
                ));
            }
            text = text.replace(from, to);
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
