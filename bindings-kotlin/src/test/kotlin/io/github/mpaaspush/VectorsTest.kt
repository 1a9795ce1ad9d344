package io.github.mpaaspush

import com.google.gson.JsonObject
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

class VectorsTest {
    private val requests = vectors("requests.json").getAsJsonArray("cases").map { it.asJsonObject }
    private val invalid = vectors("invalid-requests.json").getAsJsonArray("cases").map { it.asJsonObject }
    private val valid = vectors("valid-requests.json").getAsJsonArray("cases").map { it.asJsonObject }

    /** V1 common and signature parameters; the rest of signedParams are operation parameters. */
    private val common = setOf(
        "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "Timestamp", "RegionId", "SecurityToken", "Signature",
    )

    private fun clientFor(c: JsonObject): Client {
        val cr = c.getAsJsonObject("credentials")
        return Client(
            ClientConfig(
                accessKeyId = cr.get("accessKeyId").asString,
                accessKeySecret = cr.get("accessKeySecret").asString,
                securityToken = cr.get("securityToken")?.asString,
            ),
        )
    }

    @Test
    fun `the vector files are not empty`() {
        assertTrue(requests.size >= 9 && invalid.size >= 16)
    }

    @TestFactory
    fun `typed records sign like the official SDK (v1)`() = requests.map { c ->
        DynamicTest.dynamicTest(c.get("name").asString) {
            val v1 = c.getAsJsonObject("v1")
            clientFor(c).use { client ->
                val p = client.prepareBroadcast(
                    typed(c.getAsJsonObject("request")),
                    nonce = v1.get("nonce").asString,
                    timestamp = Instant.parse(v1.get("timestamp").asString),
                )
                assertEquals(v1.get("signature").asString, p.signature)
                assertEquals("POST", p.method)
                assertEquals("hmac-sha1", p.signatureMethod)
                assertEquals(v1.get("timestamp").asString, p.timestamp)
                val want = v1.getAsJsonObject("signedParams").entrySet().associate { (k, v) -> k to v.asString }
                    .mapValues { (k, v) -> if (k == "SecurityToken") "** redacted **" else v }
                assertEquals(want, p.signedParams)
            }
        }
    }

    @TestFactory
    fun `neutral JSON signs the same (prepareJson)`() = requests.map { c ->
        DynamicTest.dynamicTest(c.get("name").asString) {
            val v1 = c.getAsJsonObject("v1")
            clientFor(c).use { client ->
                val p = client.prepareJson("PushBroadcast", 
                    c.getAsJsonObject("request").toString(),
                    nonce = v1.get("nonce").asString,
                    timestamp = Instant.parse(v1.get("timestamp").asString),
                )
                assertEquals(v1.get("signature").asString, p.signature)
            }
        }
    }

    @TestFactory
    fun `valid requests are accepted with the expected parameters`() = valid.map { c ->
        DynamicTest.dynamicTest(c.get("name").asString) {
            Client(ClientConfig(accessKeyId = ID, accessKeySecret = SECRET)).use { client ->
                val p = client.prepareJson("PushBroadcast", 
                    c.get("request").toString(),
                    timestamp = Instant.parse(c.get("now").asString),
                )
                assertTrue(p.signature.isNotEmpty())
                assertEquals(c.get("now").asString, p.timestamp)
                // The JVM API cannot select payloadEncoding "json" (it always flattens).
                if (c.get("payloadEncoding")?.asString != "json") {
                    val want = c.getAsJsonObject("params").entrySet().associate { (k, v) -> k to v.asString }
                    assertEquals(want, p.signedParams.filterKeys { it !in common })
                    // The typed schedule (LocalDate / LocalTime / Instant) gives the same wire parameters.
                    if (c.get("name").asString.startsWith("typed-")) {
                        val t = client.prepareBroadcast(typed(c.getAsJsonObject("request")), timestamp = Instant.parse(c.get("now").asString))
                        assertEquals(want, t.signedParams.filterKeys { it !in common })
                    }
                }
            }
        }
    }

    @TestFactory
    fun `invalid requests are rejected naming the field`() = invalid.map { c ->
        DynamicTest.dynamicTest(c.get("name").asString) {
            Client(ClientConfig(accessKeyId = ID, accessKeySecret = SECRET)).use { client ->
                val e = assertThrows(MpaasPushException.Validation::class.java) {
                    client.prepareJson("PushBroadcast", 
                        c.get("request").toString(),
                        timestamp = Instant.parse(c.get("now").asString),
                    )
                }
                assertEquals(c.get("field").asString, e.field)
                c.get("rule")?.let { assertEquals(it.asString, e.rule, e.detail) }
                assertEquals("validation", e.code)
                assertEquals(false, e.maybeSent)
                assertTrue(e.detail.contains(c.get("field").asString), e.detail)
            }
        }
    }

    @Test
    fun `typed validation errors name the core's field paths`() {
        val now = Instant.parse("2026-11-28T01:00:00Z")
        val day = LocalDate.of(2026, 12, 1)
        val nine = LocalTime.of(9, 0)
        Client(ClientConfig(accessKeyId = ID, accessKeySecret = SECRET)).use { client ->
            fun fails(req: BroadcastRequest): MpaasPushException.Validation =
                assertThrows(MpaasPushException.Validation::class.java) { client.prepareBroadcast(req, timestamp = now) }
            assertEquals("taskName", fails(request().copy(taskName = "")).field)
            val far = fails(request().copy(schedule = Schedule.Daily(day, day.plusDays(400), nine)))
            assertEquals("strategyContent.endTime" to "max_days_ahead", far.field to far.rule)
            val big = fails(request().copy(schedule = Schedule.Weekly(listOf(1, 300), day, day, nine)))
            assertEquals(Triple("schedule.days", "range", "300"), Triple(big.field, big.rule, big.value))
            val eight = fails(request().copy(schedule = Schedule.Weekly(listOf(8), day, day, nine)))
            assertEquals("strategyContent.circleValue" to "range", eight.field to eight.rule)
            val past = fails(request().copy(schedule = Schedule.At(Instant.parse("2020-01-01T00:00:00Z"))))
            assertEquals("strategyContent.fixedTime", past.field)
            val beyond = fails(request().copy(schedule = Schedule.At(Instant.MAX)))
            assertEquals("schedule.at" to "range", beyond.field to beyond.rule)
            val ok = client.prepareBroadcast(request().copy(schedule = Schedule.Daily(day, day, nine)), timestamp = now)
            assertTrue(ok.signedParams.getValue("StrategyContent").contains("\"time\":\"09:00:00\""), ok.signedParams.toString())
        }
    }

    @Test
    fun `config errors name the option and rule`() {
        val cfg = assertThrows(MpaasPushException.Config::class.java) {
            Client(ClientConfig(accessKeyId = ID, accessKeySecret = SECRET, endpoint = "http://example.com"))
        }
        assertEquals(Triple("config", "endpoint", "https_required"), Triple(cfg.code, cfg.field, cfg.rule))
        val pair = assertThrows(MpaasPushException.Config::class.java) { Client(ClientConfig(accessKeyId = ID)) }
        assertEquals("accessKeySecret" to "required_together", pair.field to pair.rule)
        // The secret never shows in toString().
        val shown = ClientConfig(accessKeyId = ID, accessKeySecret = "s3cr3t-value").toString()
        assertTrue(!shown.contains("s3cr3t-value") && shown.contains(ID), shown)
    }

    @Test
    fun `a Rust panic is an Internal exception and the JVM lives on`() {
        val e = assertThrows(MpaasPushException.Internal::class.java) { debugPanic() }
        assertEquals("internal", e.code)
        assertTrue(e.detail.contains("panic"), e.detail)
        assertEquals(version(), version())
    }
}
