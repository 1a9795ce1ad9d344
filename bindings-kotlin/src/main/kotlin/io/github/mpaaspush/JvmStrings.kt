@file:JvmName("JvmStrings")

package io.github.mpaaspush

import java.io.ByteArrayOutputStream

// How a caller's String crosses to Rust (the `JvmString` custom type of
// uniffi.toml, used by every request record, ClientConfig and the JSON-text
// entry points). A well-formed string is its UTF-8. A string holding a lone
// UTF-16 surrogate (e.g. "\uD800") is written as generalised UTF-8 (WTF-8:
// the surrogate as its own three bytes) instead of being replaced or
// throwing UniFFI's bare MalformedInputException, so that the Rust side
// (src/text.rs, the one check) refuses it as MpaasPushException.Validation
// with the field's path and rule `utf8` (ClientConfig options: `Config`).

/** The bytes of [s] for the Rust side: UTF-8, or WTF-8 when [s] holds a lone surrogate. */
internal fun jvmStringBytes(s: String): ByteArray {
    var i = 0
    while (i < s.length) {
        val c = s[i]
        if (Character.isHighSurrogate(c) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1])) {
            i += 2
        } else if (Character.isSurrogate(c)) {
            return wtf8(s)
        } else {
            i += 1
        }
    }
    return s.toByteArray(Charsets.UTF_8)
}

private fun wtf8(s: String): ByteArray {
    val out = ByteArrayOutputStream(s.length * 3)
    var i = 0
    while (i < s.length) {
        // A lone surrogate comes back as itself (one char).
        val cp = s.codePointAt(i)
        when {
            cp < 0x80 -> out.write(cp)
            cp < 0x800 -> {
                out.write(0xC0 or (cp shr 6))
                out.write(0x80 or (cp and 0x3F))
            }
            cp < 0x10000 -> {
                out.write(0xE0 or (cp shr 12))
                out.write(0x80 or ((cp shr 6) and 0x3F))
                out.write(0x80 or (cp and 0x3F))
            }
            else -> {
                out.write(0xF0 or (cp shr 18))
                out.write(0x80 or ((cp shr 12) and 0x3F))
                out.write(0x80 or ((cp shr 6) and 0x3F))
                out.write(0x80 or (cp and 0x3F))
            }
        }
        i += Character.charCount(cp)
    }
    return out.toByteArray()
}
