package io.github.mpaaspush

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

// Issue 15 through the JVM binding's public API: HTTPS to the emulator
// serving TLS (`--tls`, `--tls-fault`), certificates accepted and refused by
// the core's rustls, and a real proxy (tinyproxy) with CONNECT, basic auth
// and the proxy environment variables (in a child JVM: a JVM cannot change
// its own environment). Nothing is mocked. Mirrors tests/tests/transport.rs
// and cli/tests/transport.rs; each test writes its row to
// target/reliability/jvm-transport-<name>.json.
class TransportTest {
    private val proxyUser = "proxy-user"
    private val proxyPassword = "proxy-pw-Secret-77"

    /** Whatever the machine's environment says: these tests choose the proxy ("none" unless given). */
    private fun config(endpoint: String, caFile: File? = null, proxy: String = "none") = ClientConfig(
        accessKeyId = ID, accessKeySecret = SECRET, endpoint = endpoint, caFile = caFile?.path, proxy = proxy,
        retry = RetryConfig(baseDelayMs = 5.0, maxDelayMs = 20.0),
    )

    private fun start(name: String): String = name.also { transportRowFile(it).delete() }

    /** Runs [call], which must fail; returns the exception. */
    private fun failure(call: suspend () -> Unit): MpaasPushException {
        try {
            runBlocking { call() }
        } catch (e: MpaasPushException) {
            return e
        }
        throw AssertionError("the call succeeded; a failure was expected")
    }

    /** Every text a caller can read of an exception. */
    private fun texts(e: MpaasPushException): List<String> =
        listOfNotNull(e.message, e.toString(), e.errorDetail, e.errorValue, e.stackTraceToString())

    @Test
    fun `https with the emulator's CA added - async, companion, blocking`() {
        val name = start("https-ca-added")
        TlsEmulator().use { t ->
            Client(config(t.emu.url, t.ca)).use { client ->
                runBlocking {
                    val r = client.pushBroadcast(request(msgkey = "jvm-tls-ok-${System.nanoTime()}"))
                    val task = r.taskId ?: error("no task id: $r")
                    val detail = client.taskDetail(TaskDetailQuery("ONEX570DA89211721", "test", task))
                    assertEquals(task, detail.taskId)
                }
            }
            // The blocking API takes the same TLS path on the calling thread.
            Client(config(t.emu.url, t.ca)).use { client ->
                val r = client.pushBroadcastBlocking(request(msgkey = "jvm-tls-blocking-${System.nanoTime()}"))
                assertNotNull(r.taskId, "$r")
            }
            assertEquals(3, t.emu.received())
            recordTransport(name, "HTTPS with the emulator's CA added (async, companion, blocking)", null, t.emu.received())
        }
    }

    /** Refused before anything is sent: code `tls`, not maybe-sent, one attempt, the emulator received nothing. */
    private fun assertRefused(fault: String?, addCa: Boolean, reason: String, name: String, what: String) {
        start(name)
        TlsEmulator(fault).use { t ->
            val e = Client(config(t.emu.url, t.ca.takeIf { addCa })).use { client ->
                failure { client.pushBroadcast(request(msgkey = "jvm-tls-refused-${System.nanoTime()}")) }
            }
            assertTrue(e is MpaasPushException.Transport, "$e")
            assertEquals("tls", e.errorCode, e.message)
            assertFalse(e.errorMaybeSent, e.message)
            assertFalse(e.errorRetryable, e.message)
            assertEquals(1, e.errorAttempts, "certificate failures are not retried: ${e.message}")
            assertTrue(e.errorDetail.contains(t.emu.hostPort), e.errorDetail)
            assertTrue(e.errorDetail.contains(reason), "$fault: ${e.errorDetail}")
            texts(e).forEach { assertFalse(it.contains(SECRET), it) }
            // The blocking API refuses alike.
            val blocking = try {
                Client(config(t.emu.url, t.ca.takeIf { addCa })).use { it.pushBroadcastBlocking(request()) }
                null
            } catch (b: MpaasPushException) {
                b
            }
            assertEquals("tls", blocking?.errorCode, "${blocking?.message}")
            val received = t.emu.received()
            assertEquals(0, received, "$fault: nothing may reach the service")
            recordTransport(name, what, e, received)
        }
    }

    @Test
    fun `an untrusted CA is refused`() =
        assertRefused(null, false, "UnknownIssuer", "https-untrusted-ca", "HTTPS, the CA not added")

    @Test
    fun `a certificate for another name is refused`() =
        assertRefused("other-name", true, "not valid for name", "https-other-name", "HTTPS, a certificate for another name")

    @Test
    fun `an expired certificate is refused`() =
        assertRefused("expired", true, "certificate expired", "https-expired", "HTTPS, an expired certificate")

    @Test
    fun `https through tinyproxy with CONNECT and basic auth`() {
        val name = start("proxy-connect-auth")
        TlsEmulator().use { t ->
            Tinyproxy(proxyUser to proxyPassword).use { proxy ->
                val cfg = config(t.emu.url, t.ca, proxy.url(proxyUser to proxyPassword))
                Client(cfg).use { client ->
                    runBlocking {
                        repeat(3) { client.pushBroadcast(request(msgkey = "jvm-via-proxy-$it-${System.nanoTime()}")) }
                    }
                    assertFalse(client.toString().contains(proxyPassword), client.toString())
                }
                assertFalse(cfg.toString().contains(proxyPassword), cfg.toString())
                assertEquals(3, t.emu.received())
                // One tunnel, kept alive for the three calls.
                assertEquals(listOf("CONNECT 127.0.0.1:${t.emu.port} HTTP/1.1"), proxy.requests())
                recordTransport(name, "HTTPS through tinyproxy (CONNECT, basic auth)", null, t.emu.received())
            }
        }
    }

    @Test
    fun `the blocking API goes through the proxy too`() {
        TlsEmulator().use { t ->
            Tinyproxy(proxyUser to proxyPassword).use { proxy ->
                Client(config(t.emu.url, t.ca, proxy.url(proxyUser to proxyPassword))).use { client ->
                    repeat(2) { client.pushBroadcastBlocking(request(msgkey = "jvm-via-proxy-blocking-$it-${System.nanoTime()}")) }
                }
                assertEquals(2, t.emu.received())
                assertEquals(listOf("CONNECT 127.0.0.1:${t.emu.port} HTTP/1.1"), proxy.requests())
            }
        }
    }

    @Test
    fun `a wrong proxy password is the proxy error, no secret shown`() {
        val name = start("proxy-wrong-password")
        val wrong = "wrong-Pw-99"
        TlsEmulator().use { t ->
            Tinyproxy(proxyUser to proxyPassword).use { proxy ->
                val cfg = config(t.emu.url, t.ca, proxy.url(proxyUser to wrong))
                val (e, clientText) = Client(cfg).use { client ->
                    failure { client.pushBroadcast(request(msgkey = "jvm-bad-proxy-auth-${System.nanoTime()}")) } to client.toString()
                }
                assertEquals("proxy", e.errorCode, e.message)
                assertFalse(e.errorMaybeSent, e.message)
                assertFalse(e.errorRetryable, e.message)
                assertEquals(1, e.errorAttempts, e.message)
                assertTrue(e.errorDetail.contains("127.0.0.1:${proxy.port}"), e.errorDetail)
                assertTrue(e.errorDetail.contains("user name and password"), e.errorDetail)
                for (text in texts(e) + clientText + cfg.toString()) {
                    assertFalse(text.contains(wrong) || text.contains(proxyPassword), text)
                }
                texts(e).forEach { assertFalse(it.contains(proxyUser), it) }
                val received = t.emu.received()
                assertEquals(0, received)
                recordTransport(name, "tinyproxy, wrong password", e, received)
            }
        }
    }

    @Test
    fun `a proxy where nothing listens is the proxy error`() {
        val name = start("proxy-unreachable")
        val hidden = "pw-Hidden-1"
        TlsEmulator().use { t ->
            val port = freePort() // closed again: nothing listens there
            val e = Client(config(t.emu.url, t.ca, "http://u:$hidden@127.0.0.1:$port")).use { client ->
                failure { client.pushBroadcast(request(msgkey = "jvm-no-proxy-there-${System.nanoTime()}")) }
            }
            assertEquals("proxy", e.errorCode, e.message)
            assertFalse(e.errorMaybeSent, e.message)
            assertEquals(1, e.errorAttempts, e.message)
            assertTrue(e.errorDetail.contains("127.0.0.1:$port"), e.errorDetail)
            texts(e).forEach { assertFalse(it.contains(hidden), it) }
            val received = t.emu.received()
            assertEquals(0, received)
            recordTransport(name, "a proxy where nothing listens", e, received)
        }
    }

    @Test
    fun `plain http through tinyproxy in absolute form`() {
        val name = start("proxy-plain-http")
        EmulatorProcess.start().use { emu ->
            Tinyproxy().use { proxy ->
                Client(config(emu.url, proxy = proxy.url())).use { client ->
                    runBlocking { client.pushBroadcast(request(msgkey = "jvm-http-proxy-${System.nanoTime()}")) }
                }
                val logged = proxy.requests()
                assertEquals(1, logged.size, "$logged")
                assertTrue(logged[0].startsWith("POST ${emu.url}/?"), "$logged")
                assertEquals(1, emu.received())
                recordTransport(name, "plain HTTP through tinyproxy (absolute form)", null, emu.received())
            }
        }
    }

    // --- the environment's proxy, in a child JVM ------------------------------

    private val proxyVariables = listOf(
        "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
    )

    private class ChildRun(val json: JsonObject, val stdout: String, val stderr: String) {
        val ok: Boolean get() = json.get("outcome").asString == "ok"
        override fun toString() = "stdout: $stdout\nstderr: $stderr"
    }

    /** One broadcast by [ProxyEnvChild] in a JVM whose proxy variables are exactly [env]. */
    private fun child(t: TlsEmulator, env: Map<String, String>, proxyOption: String? = null): ChildRun {
        val java = File(System.getProperty("java.home"), "bin/java").path
        // Surefire's own classpath property: java.class.path may be a manifest-only jar.
        val cp = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
        val pb = ProcessBuilder(
            java, "-cp", cp, "io.github.mpaaspush.ProxyEnvChild",
            t.emu.url, t.ca.path, proxyOption ?: "-", "jvm-env-proxy-${System.nanoTime()}",
        )
        val e = pb.environment()
        proxyVariables.forEach { e.remove(it) }
        e["ALIBABA_CLOUD_ACCESS_KEY_ID"] = ID
        e["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = SECRET
        e.putAll(env)
        val dir = tempDir("child")
        try {
            val out = File(dir, "out")
            val err = File(dir, "err")
            val p = pb.redirectOutput(out).redirectError(err).start()
            check(p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); "the child JVM did not finish in 60 s" }
            val stdout = out.readText()
            val stderr = err.readText()
            check(p.exitValue() == 0) { "the child JVM exited with ${p.exitValue()}:\n$stdout\n$stderr" }
            val line = stdout.lines().lastOrNull { it.startsWith("{") } ?: error("no JSON from the child JVM:\n$stdout\n$stderr")
            return ChildRun(JsonParser.parseString(line).asJsonObject, stdout, stderr)
        } finally {
            dir.deleteRecursively()
        }
    }

    @Test
    fun `the environment's proxy is honoured by default, NO_PROXY and an explicit none bypass it`() {
        listOf("proxy-env-default", "proxy-env-no-proxy", "proxy-explicit-none").forEach(::start)
        val password = "env-Pw-31"
        TlsEmulator().use { t ->
            Tinyproxy("env-user" to password).use { proxy ->
                val url = proxy.url("env-user" to password)
                val connect = "CONNECT 127.0.0.1:${t.emu.port} HTTP/1.1"

                val upper = child(t, mapOf("HTTPS_PROXY" to url))
                assertTrue(upper.ok, "$upper")
                assertEquals(listOf(connect), proxy.requests())
                val lower = child(t, mapOf("https_proxy" to url))
                assertTrue(lower.ok, "$lower")
                assertEquals(listOf(connect, connect), proxy.requests(), "lower-case https_proxy too")
                assertEquals(2, t.emu.received())
                recordTransport(
                    "proxy-env-default", "HTTPS_PROXY / https_proxy from the environment, honoured by default", null,
                    t.emu.received(),
                )

                // NO_PROXY covering the host bypasses the proxy.
                val bypass = child(t, mapOf("HTTPS_PROXY" to url, "NO_PROXY" to "localhost,127.0.0.1"))
                assertTrue(bypass.ok, "$bypass")
                assertEquals(3, t.emu.received())
                // An explicit "none" wins over the environment.
                val none = child(t, mapOf("HTTPS_PROXY" to url), proxyOption = "none")
                assertTrue(none.ok, "$none")
                assertEquals(4, t.emu.received())
                assertEquals(2, proxy.requests().size, "the proxy saw neither: ${proxy.requests()}")
                recordTransport("proxy-env-no-proxy", "NO_PROXY covering the host: the proxy's log shows no request", null, 1)
                recordTransport("proxy-explicit-none", "an explicit \"no proxy\" option wins over HTTPS_PROXY", null, 1)

                // A wrong password from the environment: the proxy error, no secret in anything printed.
                val wrong = "wrong-Pw-88"
                val refused = child(t, mapOf("HTTPS_PROXY" to proxy.url("env-user" to wrong)))
                assertEquals("proxy", refused.json.get("code")?.asString, "$refused")
                assertFalse(refused.json.get("maybeSent").asBoolean, "$refused")
                assertEquals(4, t.emu.received())
                for (text in listOf(upper, lower, bypass, none, refused).flatMap { listOf(it.stdout, it.stderr) }) {
                    assertFalse(text.contains(wrong) || text.contains(password) || text.contains(SECRET), text)
                }
            }
        }
    }
}
