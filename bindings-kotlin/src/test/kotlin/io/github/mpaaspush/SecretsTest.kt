package io.github.mpaaspush

import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

// Issue 8: the access key secret and the STS token appear in no exception
// text (message, toString, detail, value, stack trace) of any error family,
// in no ClientConfig.toString() and in no dry run. (The JVM binding does not
// forward the core's tracing events anywhere, so there is no log output to
// capture: everything a JVM caller can read is checked here.)
class SecretsTest {
    private val secret = "S3cr3t-JVM-d4c1b2a0-never-shown"
    private val token = "STS-T0ken-JVM-9f8e7d6c-never-shown"

    /** Every text a caller can read: checked for the secret and the token. */
    private val texts = mutableListOf<Pair<String, String>>()

    private fun seen(what: String, text: String?) {
        if (text != null) texts += what to text
    }

    private fun exception(what: String, e: MpaasPushException) {
        seen("$what message", e.message)
        seen("$what toString", e.toString())
        seen("$what detail", e.errorDetail)
        seen("$what value", e.errorValue)
        seen("$what stack trace", e.stackTraceToString())
    }

    private fun prepared(what: String, p: PreparedRequest) {
        seen("$what", p.toString())
        seen("$what url", p.url)
        seen("$what body", p.body)
        seen("$what stringToSign", p.stringToSign)
        seen("$what canonicalRequest", p.canonicalRequest)
        seen("$what headers", p.headers.joinToString { "${it.name}: ${it.value}" })
        seen("$what signedParams", p.signedParams.toString())
    }

    /** Runs [call], expecting the error family [code]; records its texts. */
    private fun expect(code: String, call: () -> Unit) {
        try {
            call()
        } catch (e: MpaasPushException) {
            assertEquals(code, e.errorCode, e.message)
            exception(code, e)
            return
        }
        throw AssertionError("expected a `$code` error, the call succeeded")
    }

    @Test
    fun `no error family, toString or dry run shows the secret or the token`() {
        val codes = mutableSetOf<String>()
        fun family(code: String, call: () -> Unit) {
            expect(code, call)
            codes += code
        }
        Emulator.start(listOf("$ID:$secret:$token", "other:$SECRET:$token")).use { emu ->
            fun config(
                endpoint: String = emu.url,
                id: String = ID,
                maxAttempts: Long? = null,
                readTimeoutMs: Double? = null,
                signature: String? = null,
                proxy: String? = null,
            ) = ClientConfig(
                accessKeyId = id, accessKeySecret = secret, securityToken = token, endpoint = endpoint,
                readTimeoutMs = readTimeoutMs, signature = signature, proxy = proxy,
                retry = RetryConfig(maxAttempts = maxAttempts, baseDelayMs = 5.0, maxDelayMs = 20.0),
            )
            seen("ClientConfig.toString", config().toString())
            assertTrue(config().toString().contains("access_key_secret: Some(\"** redacted **\")"), config().toString())

            Client(config()).use { client ->
                // The happy path works with the secret and the token.
                assertEquals("OK", client.pushBroadcastBlocking(request()).resultCode)
                prepared("dry run v1", client.prepareBroadcast(request(), nonce = "n-1", timestamp = Instant.now()))
                prepared("dry run json", client.prepareJson("RevokePushTask", """{"appId":"A","workspaceId":"W","taskId":"1"}"""))

                family("validation") { client.pushBroadcastBlocking(request().copy(expiredSeconds = 0)) }
                family("validation") { client.pushBroadcastBlocking(request().copy(taskName = "a\u0000b")) }
                emu.fault("""{"fault":{"type":"status","status":500},"count":1}""")
                family("service") { client.pushBroadcastBlocking(request()) }
                emu.fault("""{"fault":{"type":"push_failed","code":"PUSH_FAILED"},"count":1}""")
                family("push_failed") { client.pushBroadcastBlocking(request()) }
                emu.fault("""{"fault":{"type":"not_json"},"count":1}""")
                family("invalid_response") { client.pushBroadcastBlocking(request()) }
                emu.fault("""{"fault":{"type":"drop_before_body"},"count":1}""")
                family("connection_lost") { runBlocking { client.pushBroadcast(request()) } }
                debugArmCorePanic(PanicPoint.SEND)
                family("internal") { client.pushBroadcastBlocking(request()) }
            }
            Client(config(signature = "acs3-hmac-sha256")).use { client ->
                prepared("dry run v3", client.prepareBroadcast(request(), nonce = "n-3", timestamp = Instant.now()))
            }
            Client(config(maxAttempts = 1)).use { client ->
                emu.fault("""{"fault":{"type":"throttle","retryAfterMs":10},"count":1}""")
                family("throttled") { client.pushBroadcastBlocking(request()) }
                emu.setClock(3600)
                family("clock_skew") { client.pushBroadcastBlocking(request()) }
                emu.setClock(0)
            }
            Client(config(readTimeoutMs = 200.0)).use { client ->
                emu.fault("""{"fault":{"type":"delay","ms":1000},"count":1}""")
                family("timeout") { client.pushBroadcastBlocking(request()) }
            }
            // `other` is known with another secret: the signature cannot match.
            Client(config(id = "other")).use { client ->
                family("signature_mismatch") { client.pushBroadcastBlocking(request()) }
            }
            Client(config(id = "nobody")).use { client ->
                family("auth") { client.pushBroadcastBlocking(request()) }
            }
            Client(config(endpoint = ServerSocketPort.closed())).use { client ->
                family("connect") { client.pushBroadcastBlocking(request()) }
            }
            // TLS to the plain-HTTP emulator: the handshake cannot be agreed.
            Client(config(endpoint = emu.url.replace("http://", "https://"), proxy = "none")).use { client ->
                family("tls") { client.pushBroadcastBlocking(request()) }
            }
            // A proxy with a password where nothing listens.
            val proxyUrl = ServerSocketPort.closed().replace("http://", "http://proxy-user:$secret@")
            Client(config(endpoint = "https://mpaas.cn-hangzhou.aliyuncs.com", proxy = proxyUrl)).use { client ->
                seen("ClientConfig.toString with a proxy", config(proxy = proxyUrl).toString())
                family("proxy") { client.pushBroadcastBlocking(request()) }
            }
            family("config") { Client(config(signature = "hmac-md5")) }
            family("config") { Client(config(endpoint = "ftp://127.0.0.1")) }
            family("config") {
                Client(ClientConfig(accessKeySecret = secret, securityToken = token, endpoint = emu.url))
            }
            // No credentials anywhere (the suite runs without them in the environment).
            family("credentials") {
                Client(ClientConfig(endpoint = emu.url)).use { it.pushBroadcastBlocking(request()) }
            }
            family("config") {
                Client.fromEnv(ClientConfig(accessKeyId = ID, accessKeySecret = secret, securityToken = token))
            }
        }

        val families = listOf(
            "validation", "config", "credentials", "connect", "tls", "proxy", "timeout", "connection_lost", "throttled",
            "signature_mismatch", "clock_skew", "auth", "service", "push_failed", "invalid_response", "internal",
        )
        assertEquals(families.toSet(), codes, "every error family was provoked")
        assertTrue(texts.size > 40, "texts checked: ${texts.size}")
        val leaks = texts.filter { (_, t) -> t.contains(secret) || t.contains(token) }
        assertTrue(leaks.isEmpty(), "leaked in: ${leaks.map { it.first }}\n${leaks.firstOrNull()?.second}")
        // The dry runs still show the signature (allowed) and redact the token.
        assertTrue(texts.any { (w, t) -> w == "dry run v1 signedParams" && t.contains("SecurityToken") })
        assertFalse(texts.any { (_, t) -> t.contains("S3cr3t") || t.contains("T0ken-JVM") })
    }
}

/** A loopback URL whose port nothing listens on. */
object ServerSocketPort {
    fun closed(): String = java.net.ServerSocket(0).use { "http://127.0.0.1:${it.localPort}" }
}
