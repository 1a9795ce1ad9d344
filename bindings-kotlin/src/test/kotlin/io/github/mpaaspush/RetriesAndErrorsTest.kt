package io.github.mpaaspush

import java.time.Duration
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

// Issue 6: retries through the emulator's fault API, every remaining error
// family, and plain threads sharing one client (mirrors the Python suite's
// test_emulator.py / test_concurrency.py).
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetriesAndErrorsTest {
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

    private fun codes() = emu.requests().map { it.asJsonObject.get("code").asString }

    // --- retries -----------------------------------------------------------

    @Test
    fun `throttled twice then success re-signs with the same msgkey`() {
        emu.fault("""{"fault":{"type":"throttle","retryAfterMs":20},"count":2}""")
        emu.client().use { client ->
            val req = request()
            val r = client.pushBroadcastBlocking(req)
            assertEquals("OK", r.resultCode)
            val recs = emu.requests().map { it.asJsonObject }
            assertEquals(3, recs.size)
            assertTrue(recs.all { it.get("msgkey").asString == req.msgkey })
            assertEquals(3, recs.map { it.get("nonce").asString }.toSet().size)
            assertEquals(listOf("Throttling.User", "Throttling.User", "OK"), codes())
        }
    }

    @Test
    fun `a 503 then success`() {
        emu.fault("""{"fault":{"type":"status","status":503},"count":1}""")
        emu.client().use { client ->
            val req = request()
            val r = client.pushBroadcastBlocking(req)
            assertEquals("OK", r.resultCode)
            val recs = emu.requests().map { it.asJsonObject }
            assertEquals(2, recs.size)
            assertEquals(503, recs[0].get("status").asInt)
            assertTrue(recs.all { it.get("msgkey").asString == req.msgkey })
            assertEquals(2, recs.map { it.get("timestamp").asString + it.get("nonce").asString }.toSet().size)
        }
    }

    @Test
    fun `a read timeout may have been sent and is not retried`() {
        emu.fault("""{"fault":{"type":"delay","ms":1500}}""")
        emu.client(readTimeoutMs = 300.0).use { client ->
            val req = request()
            val e = assertThrows(MpaasPushException.Transport::class.java) { client.pushBroadcastBlocking(req) }
            assertEquals("timeout", e.code)
            assertEquals("read", e.timeoutKind)
            assertTrue(e.maybeSent)
            assertFalse(e.retryable)
            assertEquals(1, e.attempts)
            assertEquals(1, emu.requests().size(), "not retried")
            // Resending the same Msgkey: the service reports the earlier acceptance.
            val dup = assertThrows(MpaasPushException.PushFailed::class.java) { client.pushBroadcastBlocking(req) }
            assertEquals("DUPLICATE_MSGKEY", dup.serviceCode)
        }
    }

    // --- error families ----------------------------------------------------

    @Test
    fun `throttled after max attempts`() {
        emu.fault("""{"fault":{"type":"throttle","retryAfterMs":10},"count":5}""")
        emu.client(maxAttempts = 2).use { client ->
            val e = assertThrows(MpaasPushException.Throttled::class.java) { client.pushBroadcastBlocking(request()) }
            assertEquals("throttled", e.code)
            assertTrue(e.retryable)
            assertFalse(e.maybeSent)
            assertEquals(2, e.attempts)
            assertEquals("Throttling.User", e.serviceCode)
            assertEquals(2, emu.requests().size())
        }
    }

    @Test
    fun `clock skew without retries`() {
        emu.setClock(3600)
        emu.client(maxAttempts = 1).use { client ->
            val e = assertThrows(MpaasPushException.ClockSkew::class.java) { client.pushBroadcastBlocking(request()) }
            assertEquals("clock_skew", e.code)
            assertFalse(e.maybeSent)
            assertTrue(e.retryable)
            assertEquals(1, e.attempts)
            assertEquals("InvalidTimeStamp.Expired", e.serviceCode)
            val offset = e.clockOffsetSeconds
            assertNotNull(offset)
            assertTrue(kotlin.math.abs(offset!! - 3600) <= 5, "offset $offset")
            assertEquals(1, emu.requests().size())
        }
    }

    @Test
    fun `clock skew is corrected and retried once`() {
        emu.setClock(3600)
        emu.client().use { client ->
            val r = client.pushBroadcastBlocking(request())
            assertEquals("OK", r.resultCode)
            assertEquals(listOf("InvalidTimeStamp.Expired", "OK"), codes())
        }
    }

    @Test
    fun `duplicate msgkey names the original task`() {
        emu.client().use { client ->
            val req = request()
            val first = client.pushBroadcastBlocking(req)
            val taskId = first.taskId
            assertNotNull(taskId)
            val e = assertThrows(MpaasPushException.PushFailed::class.java) { client.pushBroadcastBlocking(req) }
            assertEquals("push_failed", e.code)
            assertEquals("DUPLICATE_MSGKEY", e.serviceCode)
            assertTrue(e.maybeSent)
            assertFalse(e.retryable)
            assertTrue(e.detail.contains(taskId!!) || (e.message ?: "").contains(taskId), e.detail)
        }
    }

    @Test
    fun `unknown access key id is an auth error`() {
        emu.client(id = "nobody").use { client ->
            val e = assertThrows(MpaasPushException.Service::class.java) { client.pushBroadcastBlocking(request()) }
            assertEquals("auth", e.code)
            assertEquals(404, e.httpStatus)
            assertEquals("InvalidAccessKeyId.NotFound", e.serviceCode)
            assertFalse(e.maybeSent)
        }
    }

    // --- concurrency -------------------------------------------------------

    @Test
    fun `8 plain threads share one client (blocking)`() {
        emu.client().use { client ->
            val keys = (1..8).map { "thr-$it-${System.nanoTime()}" }
            val results = arrayOfNulls<BroadcastResult>(keys.size)
            val errors = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
            val start = java.util.concurrent.CountDownLatch(1)
            val threads = keys.mapIndexed { i, k ->
                Thread {
                    start.await()
                    try {
                        results[i] = client.pushBroadcastBlocking(request(msgkey = k))
                    } catch (t: Throwable) {
                        errors.add(t)
                    }
                }
            }
            threads.forEach { it.start() }
            start.countDown()
            threads.forEach { it.join(30_000) }
            assertTrue(threads.none { it.isAlive })
            assertTrue(errors.isEmpty(), "errors: $errors")
            val tasks = results.map { assertNotNull(it); it!!.taskId }
            assertTrue(tasks.all { it != null }, "task ids: $tasks")
            assertEquals(8, tasks.toSet().size, "task ids: $tasks")
            val seen = emu.requests().map { it.asJsonObject.get("msgkey").asString }.toSet()
            assertEquals(keys.toSet(), seen)
        }
    }
}
