package io.github.mpaaspush

import java.net.ServerSocket
import java.time.Duration
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatorTest {
    private lateinit var emu: Emulator

    @BeforeAll
    fun start() {
        emu = Emulator.start()
    }

    @AfterAll
    fun stop() = emu.close()

    @BeforeEach
    fun reset() {
        emu.reset()
    }

    @Test
    fun `round trip with the suspend function`() = runBlocking {
        emu.client().use { client ->
            val req = request()
            val r = client.pushBroadcast(req)
            assertTrue(r.requestId.isNotEmpty())
            assertEquals(200, r.httpStatus)
            val recorded = emu.requests()
            assertEquals(1, recorded.size())
            assertEquals(req.msgkey, recorded[0].asJsonObject.get("msgkey").asString)
        }
    }

    @Test
    fun `round trip blocking, and a scheduled task`() {
        emu.client().use { client ->
            val r = client.pushBroadcastBlocking(request())
            assertTrue(r.requestId.isNotEmpty())
            val at = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            val scheduled = client.pushBroadcastBlocking(request().copy(schedule = Schedule.At(at)))
            assertNotNull(scheduled.taskId)
        }
    }

    @Test
    fun `signature mismatch with a wrong secret`() {
        emu.client(secret = "wrong-secret-value").use { client ->
            val e = assertThrows(MpaasPushException.Service::class.java) {
                client.pushBroadcastBlocking(request())
            }
            assertEquals("signature_mismatch", e.code)
            assertEquals("SignatureDoesNotMatch", e.serviceCode)
            assertFalse(e.maybeSent)
            assertNotNull(e.requestId)
            assertFalse(e.detail.contains("wrong-secret-value"))
        }
    }

    @Test
    fun `connection refused is not sent`() {
        val port = ServerSocket(0).use { it.localPort }
        Client(
            ClientConfig(
                accessKeyId = ID, accessKeySecret = SECRET, endpoint = "http://127.0.0.1:$port",
                retry = RetryConfig(maxAttempts = 2), connectTimeoutMs = 2000.0,
            ),
        ).use { client ->
            val e = assertThrows(MpaasPushException.Transport::class.java) {
                client.pushBroadcastBlocking(request())
            }
            assertEquals("connect", e.code)
            assertFalse(e.maybeSent)
            assertTrue(e.retryable)
            assertEquals(2, e.attempts)
        }
    }

    @Test
    fun `push failed carries the service code`() = runBlocking {
        emu.client().use { client ->
            val e = assertThrows(MpaasPushException.PushFailed::class.java) {
                runBlocking { client.pushBroadcast(request().copy(templateName = "missing_tpl")) }
            }
            assertEquals("3022", e.serviceCode)
            assertTrue(e.maybeSent)
        }
    }

    @Test
    fun `64 coroutines share one client`() = runBlocking {
        emu.client().use { client ->
            val keys = (1..64).map { "conc-$it-${System.nanoTime()}" }
            val results = keys.map { k -> async(Dispatchers.Default) { client.pushBroadcast(request(msgkey = k)) } }.awaitAll()
            assertEquals(64, results.map { it.requestId }.toSet().size)
            val seen = emu.requests().map { it.asJsonObject.get("msgkey").asString }.toSet()
            assertEquals(keys.toSet(), seen)
        }
    }

    @Test
    fun `closing the client while calls are in flight does not crash`() = runBlocking {
        emu.fault("""{"fault":{"type":"delay","ms":300},"count":16,"action":"PushBroadcast"}""")
        val client = emu.client()
        val calls = (1..16).map {
            async(Dispatchers.Default) { runCatching { client.pushBroadcast(request()) } }
        }
        delay(50)
        client.close()
        val outcomes = calls.awaitAll()
        // Calls already running finish normally; the JVM lives on.
        for (o in outcomes) {
            val e = o.exceptionOrNull()
            assertTrue(e == null || e is IllegalStateException, "unexpected $e")
        }
        // Later calls fail cleanly.
        assertThrows(IllegalStateException::class.java) { client.pushBroadcastBlocking(request()) }
        // Blocking calls from many threads around a close, too.
        val c2 = emu.client()
        val threads = (1..8).map { Thread { runCatching { c2.pushBroadcastBlocking(request()) } } }
        threads.forEach { it.start() }
        launch { delay(20); c2.close() }.join()
        threads.forEach { it.join(30_000) }
        assertTrue(threads.none { it.isAlive })
    }
}
