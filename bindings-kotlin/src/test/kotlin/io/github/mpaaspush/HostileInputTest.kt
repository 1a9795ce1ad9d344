package io.github.mpaaspush

import java.time.Instant
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

// Issue 8: hostile input from the JVM — NUL characters, lone UTF-16
// surrogates, a 100,000-entry map, a payload 10,000 levels deep — gives a
// clear MpaasPushException (or a clean send), never a crash; and a panic
// armed inside the core (debugArmCorePanic, test-hooks build) is an
// `internal` exception after which the same client still works.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private lateinit var emu: Emulator
    private lateinit var client: Client

    @BeforeAll
    fun start() {
        emu = Emulator.start()
        client = emu.client()
    }

    @AfterAll
    fun stop() {
        debugArmCorePanic(PanicPoint.OFF)
        client.close()
        emu.close()
    }

    @BeforeEach
    fun reset() {
        emu.reset()
    }

    private fun validation(expectField: String, rule: String, call: () -> Unit): MpaasPushException.Validation {
        val e = assertThrows(MpaasPushException.Validation::class.java) { call() }
        assertEquals("validation", e.code, e.message)
        assertEquals(expectField, e.field, e.message)
        assertEquals(rule, e.rule, e.message)
        assertFalse(e.maybeSent)
        assertEquals(0, e.attempts)
        return e
    }

    // --- NUL ---------------------------------------------------------------

    @Test
    fun `NUL characters are validation errors naming the field`() {
        val base = request()
        for ((field, req) in listOf(
            "taskName" to base.copy(taskName = "a\u0000b"),
            "msgkey" to base.copy(msgkey = "\u0000"),
            "templateKeyValue.content" to base.copy(templateKeyValue = mapOf("content" to "x\u0000")),
            "tenantId" to base.copy(tenantId = "t\u0000"),
        )) {
            val e = assertThrows(MpaasPushException.Validation::class.java) { client.pushBroadcastBlocking(req) }
            assertTrue(e.field!!.startsWith(field), "$field: ${e.message}")
            assertEquals("no_nul", e.rule, e.message)
        }
        val e = assertThrows(MpaasPushException.Validation::class.java) {
            client.revokeMessageBlocking(RevokeMessageRequest("A", "W", "m\u0000", "t"))
        }
        assertEquals("messageId" to "no_nul", e.field to e.rule)
        assertEquals(0, emu.requests().size(), "nothing was sent")
    }

    // --- lone surrogates ---------------------------------------------------

    @Test
    fun `lone surrogates are validation errors naming the field, never replaced`() {
        val base = request()
        val high = "\uD800"
        val low = "\uDC00"
        for ((field, req) in listOf(
            "taskName" to base.copy(taskName = "news $high"),
            "msgkey" to base.copy(msgkey = "${low}m"),
            "appId" to base.copy(appId = "ONEX$high$high"),
            "templateName" to base.copy(templateName = "tpl$low$high"), // reversed pair
            "templateKeyValue.content" to base.copy(templateKeyValue = mapOf("content" to "a${high}b")),
            "templateKeyValue" to base.copy(templateKeyValue = mapOf("k$high" to "v")),
            "extendedParams.k" to base.copy(extendedParams = mapOf("k" to low)),
            "transparentMessagePayload.hms" to base.copy(
                transparentMessagePayload = mapOf(PayloadVendor.HMS to """{"data":"$high"}"""),
            ),
            "tenantId" to base.copy(tenantId = high),
        )) {
            val blocking = validation(field, "utf8") { client.pushBroadcastBlocking(req) }
            assertTrue(blocking.detail.contains("surrogate"), blocking.detail)
            validation(field, "utf8") { runBlocking { client.pushBroadcast(req) } }
            validation(field, "utf8") { client.prepareBroadcast(req) }
        }
        // The JSON-text entry points and the companion records.
        validation("request", "utf8") { client.prepareJson("PushBroadcast", """{"appId":"$high"}""") }
        val valid = """{"appId":"A","workspaceId":"W","deliveryType":1,"msgkey":"m","expiredSeconds":300,"taskName":"t","templateName":"tpl","bindPeriod":1}"""
        validation("nonce", "utf8") { client.prepareJson("PushBroadcast", valid, nonce = "n$low") }
        validation("action", "utf8") { client.prepareJson("PushBroadcast$high", "{}") }
        validation("messageId", "utf8") {
            client.revokeMessageBlocking(RevokeMessageRequest("A", "W", "m$high", "t"))
        }
        validation("uniqueIds[1]", "utf8") {
            client.prepareCancelSchedulers(CancelSchedulerRequest("A", "W", listOf("1", "2$low")))
        }
        validation("nonce", "utf8") {
            client.prepareBroadcast(base, nonce = "n$high", timestamp = Instant.now())
        }
        // A ClientConfig option: a Config error naming the option, never quoting it.
        val cfg = assertThrows(MpaasPushException.Config::class.java) {
            Client(ClientConfig(accessKeyId = ID, accessKeySecret = "s3cret$high", endpoint = emu.url))
        }
        assertEquals("accessKeySecret" to "utf8", cfg.field to cfg.rule)
        assertFalse(cfg.message!!.contains("s3cret"), cfg.message)
        assertEquals(0, emu.requests().size(), "nothing was sent")

        // A well-formed pair (an emoji) is text and arrives intact.
        val emoji = request().copy(templateKeyValue = mapOf("content" to "hi \uD83D\uDE00"))
        assertEquals("OK", client.pushBroadcastBlocking(emoji).resultCode)
        val sent = emu.requests()[0].asJsonObject.getAsJsonObject("params").get("TemplateKeyValue").asString
        assertTrue(sent.contains("\uD83D\uDE00"), sent)
    }

    // --- huge and deep -----------------------------------------------------

    @Test
    fun `a 100,000-entry map is refused by the core's cap, 1000 entries are sent`() {
        val huge = (0 until 100_000).associate { "k$it" to "v" }
        val e = validation("templateKeyValue", "max_keys") { client.pushBroadcastBlocking(request().copy(templateKeyValue = huge)) }
        assertEquals("100000", e.value)
        assertEquals(0, emu.requests().size(), "nothing was sent")
        val most = (0 until 1000).associate { "k$it" to "v" } + ("content" to "x")
        validation("templateKeyValue", "max_keys") { client.prepareBroadcast(request().copy(templateKeyValue = most)) }
        val ok = request().copy(templateKeyValue = (0 until 999).associate { "k$it" to "v" } + ("content" to "x"))
        assertEquals("OK", client.pushBroadcastBlocking(ok).resultCode)
        assertEquals(1, emu.requests().size())
    }

    @Test
    fun `a payload 10,000 levels deep is a validation error, no stack overflow`() {
        val depth = 10_000
        val deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
        val req = request().copy(
            deliveryType = DeliveryType.ANDROID,
            transparentMessagePayload = mapOf(PayloadVendor.HMS to deep),
        )
        // The text is refused by the JSON reader's nesting limit (rule `json`)…
        validation("transparentMessagePayload.hms", "json") { client.pushBroadcastBlocking(req) }
        validation("request", "json") {
            client.prepareJson("PushBroadcast", """{"appId":"A","transparentMessagePayload":{"hms":$deep}}""")
        }
        // …and a tree within it but deeper than the core's limit by `max_depth`.
        val forty = "{\"a\":".repeat(40) + "1" + "}".repeat(40)
        val e = assertThrows(MpaasPushException.Validation::class.java) {
            client.pushBroadcastBlocking(request().copy(transparentMessagePayload = mapOf(PayloadVendor.HMS to forty)))
        }
        assertTrue(e.field!!.startsWith("transparentMessagePayload.hms"), e.message)
        assertEquals("max_depth", e.rule, e.message)
        assertEquals(0, emu.requests().size(), "nothing was sent")
    }

    // --- panics inside the core --------------------------------------------

    @Test
    fun `a panic armed inside the core is an Internal exception and the client keeps working`() {
        for (point in listOf("validate", "send", "parse")) {
            debugArmCorePanic(PanicPoint.valueOf(point.uppercase()))
            val e = assertThrows(MpaasPushException.Internal::class.java) { client.pushBroadcastBlocking(request()) }
            assertEquals("internal", e.code, "$point: ${e.message}")
            assertTrue(e.detail.contains("panic"), "$point: ${e.detail}")
            assertEquals("OK", client.pushBroadcastBlocking(request()).resultCode, "$point: blocking after")

            debugArmCorePanic(PanicPoint.valueOf(point.uppercase()))
            val s = assertThrows(MpaasPushException.Internal::class.java) {
                runBlocking { client.pushBroadcast(request()) }
            }
            assertEquals("internal", s.code, "$point (suspend): ${s.message}")
            assertEquals("OK", runBlocking { client.pushBroadcast(request()) }.resultCode, "$point: suspend after")
        }
        // validate and send fire before anything is sent (2 requests each: the
        // calls after); parse fires after the service answered (4).
        val codes = emu.requests().map { it.asJsonObject.get("code").asString }
        assertEquals(8, codes.size, "requests the emulator saw: $codes")
        debugArmCorePanic(PanicPoint.SEND)
        debugArmCorePanic(PanicPoint.OFF)
        assertEquals("OK", client.pushBroadcastBlocking(request()).resultCode, "disarmed")
    }
}
