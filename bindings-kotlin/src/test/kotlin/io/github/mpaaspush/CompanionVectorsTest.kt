package io.github.mpaaspush

import com.google.gson.JsonObject
import java.net.URLDecoder
import java.security.MessageDigest
import java.time.Instant
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

// Issue 7: every case of tests/vectors/companion-requests.json (signed by the
// official Python SDK) and tests/vectors/companion-rules.json, through the
// typed records and through prepareJson, as tests/tests/companion_vectors.rs
// runs them against the core.
class CompanionVectorsTest {
    private val cases = vectors("companion-requests.json").getAsJsonArray("cases").map { it.asJsonObject }
    private val rules = vectors("companion-rules.json")
    private val invalid = rules.getAsJsonArray("invalid").map { it.asJsonObject }
    private val valid = rules.getAsJsonArray("valid").map { it.asJsonObject }

    private val actions = setOf(
        "QueryPushSchedulerList", "CancelPushScheduler", "RevokePushTask", "RevokePushMessage",
        "QueryPushAnalysisTaskDetail", "QueryPushAnalysisTaskList",
    )

    /** V1 common and signature parameters; the rest of signedParams are operation parameters. */
    private val common = setOf(
        "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "Timestamp", "RegionId", "SecurityToken", "Signature",
    )

    private val redacted = "** redacted **"

    private fun JsonObject.s(k: String): String = get(k).asString

    private fun JsonObject.strings(k: String): Map<String, String> =
        getAsJsonObject(k).entrySet().associate { (key, v) -> key to v.asString }

    private fun token(c: JsonObject): String? = c.getAsJsonObject("credentials").get("securityToken")?.asString

    private fun clientFor(c: JsonObject, signature: String? = null): Client {
        val cr = c.getAsJsonObject("credentials")
        return Client(
            ClientConfig(
                accessKeyId = cr.s("accessKeyId"),
                accessKeySecret = cr.s("accessKeySecret"),
                securityToken = cr.get("securityToken")?.asString,
                signature = signature,
            ),
        )
    }

    private fun plainClient() = Client(ClientConfig(accessKeyId = ID, accessKeySecret = SECRET))

    private fun form(text: String): Map<String, String> =
        if (text.isEmpty()) emptyMap() else text.split('&').associate { kv ->
            val (k, v) = kv.split('=', limit = 2)
            URLDecoder.decode(k, Charsets.UTF_8) to URLDecoder.decode(v, Charsets.UTF_8)
        }

    private fun request(c: JsonObject): Any {
        val typed = typedCompanion(c.s("action"), c.getAsJsonObject("request"))
        assertNotNull(typed, "${c.s("name")}: a typed record expresses every signing vector")
        return typed!!
    }

    @Test
    fun `the vector files cover every companion action`() {
        assertEquals(22, cases.size)
        assertEquals(actions, cases.map { it.s("action") }.toSet())
        assertEquals(actions, invalid.map { it.s("action") }.toSet())
        assertTrue(invalid.size >= 30 && valid.size >= 4, "${invalid.size} invalid, ${valid.size} valid")
    }

    @TestFactory
    fun `typed records sign like the official SDK (v1)`() = cases.map { c ->
        DynamicTest.dynamicTest(c.s("name")) {
            val v1 = c.getAsJsonObject("v1")
            val tok = token(c)
            val hide = { m: Map<String, String> -> m.mapValues { (k, v) -> if (k == "SecurityToken") redacted else v } }
            clientFor(c).use { client ->
                val p = client.prepareTyped(request(c), v1.s("nonce"), Instant.parse(v1.s("timestamp")))
                assertEquals(v1.s("signature"), p.signature)
                assertEquals("POST", p.method)
                assertEquals("hmac-sha1", p.signatureMethod)
                assertEquals(v1.s("timestamp"), p.timestamp)
                assertEquals(v1.s("nonce"), p.nonce)
                assertEquals(hide(v1.strings("signedParams")), p.signedParams)
                // Same split as the SDK: common parameters in the query, operation parameters in the body.
                assertEquals(v1.strings("bodyParams"), form(p.body))
                assertEquals(hide(v1.strings("queryParams")), form(p.url.substringAfter('?')))
                assertEquals(c.s("action"), form(p.url.substringAfter('?'))["Action"])
                if (tok != null) assertFalse(p.toString().contains(tok), "the token shows in the dry run")
            }
        }
    }

    @TestFactory
    fun `neutral JSON signs the same (prepareJson)`() = cases.map { c ->
        DynamicTest.dynamicTest(c.s("name")) {
            val v1 = c.getAsJsonObject("v1")
            clientFor(c).use { client ->
                // The action by its snake_case name, too.
                val snake = c.s("action").replace(Regex("([a-z])([A-Z])"), "$1_$2").lowercase()
                for (action in listOf(c.s("action"), snake)) {
                    val p = client.prepareJson(
                        action, c.getAsJsonObject("request").toString(), v1.s("nonce"), Instant.parse(v1.s("timestamp")),
                    )
                    assertEquals(v1.s("signature"), p.signature, action)
                }
            }
        }
    }

    @TestFactory
    fun `typed records sign ACS3 with the SDK's body, verified independently (v3)`() = cases.map { c ->
        DynamicTest.dynamicTest(c.s("name")) {
            val v3 = c.getAsJsonObject("v3")
            val tok = token(c)
            clientFor(c, signature = "acs3-hmac-sha256").use { client ->
                val p = client.prepareTyped(request(c), v3.s("nonce"), Instant.parse(v3.s("date")))
                assertEquals("acs3-hmac-sha256", p.signatureMethod)
                assertEquals(v3.strings("bodyParams"), p.signedParams)
                assertEquals(v3.strings("bodyParams"), form(p.body))
                assertEquals("https://mpaas.cn-hangzhou.aliyuncs.com/", p.url, "no query")
                val h = p.headers.associate { it.name.lowercase() to it.value }
                assertEquals(c.s("action"), h["x-acs-action"])
                assertEquals("2020-10-28", h["x-acs-version"])
                assertEquals(v3.s("date"), h["x-acs-date"])
                assertEquals(v3.s("nonce"), h["x-acs-signature-nonce"])
                if (tok == null) {
                    val secret = c.getAsJsonObject("credentials").s("accessKeySecret")
                    assertEquals(expectedAcs3(p, h, secret), h["authorization"]!!.substringAfter("Signature="))
                    assertEquals(p.signature, h["authorization"]!!.substringAfter("Signature="))
                    assertTrue(expectedAcs3(p, h, "wrong-secret") != p.signature)
                } else {
                    assertEquals(redacted, h["x-acs-security-token"])
                    assertFalse(p.toString().contains(tok), "the token shows in the dry run")
                }
            }
        }
    }

    /** ACS3 signature written from the protocol notes (not the core's signer). */
    private fun expectedAcs3(p: PreparedRequest, h: Map<String, String>, secret: String): String {
        fun hex(b: ByteArray) = b.joinToString("") { "%02x".format(it) }
        fun sha256(s: String) = hex(MessageDigest.getInstance("SHA-256").digest(s.toByteArray()))
        val auth = h.getValue("authorization")
        assertTrue(auth.startsWith("ACS3-HMAC-SHA256 "), auth)
        val parts = auth.removePrefix("ACS3-HMAC-SHA256 ").split(',').associate { it.substringBefore('=') to it.substringAfter('=') }
        val signed = parts.getValue("SignedHeaders").split(';')
        for (required in listOf("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version")) {
            assertTrue(required in signed, "$required not signed")
        }
        val bodyHash = sha256(p.body)
        assertEquals(bodyHash, h["x-acs-content-sha256"])
        val canonical = buildString {
            append("POST\n/\n\n")
            for (name in signed) append(name).append(':').append(h.getValue(name).trim()).append('\n')
            append('\n').append(parts.getValue("SignedHeaders")).append('\n').append(bodyHash)
        }
        val toSign = "ACS3-HMAC-SHA256\n${sha256(canonical)}"
        assertEquals(toSign, p.stringToSign)
        val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(secret.toByteArray(), "HmacSHA256")) }
        return hex(mac.doFinal(toSign.toByteArray()))
    }

    @TestFactory
    fun `invalid requests are rejected naming field and rule`(): List<DynamicTest> {
        var typedRuns = 0
        val tests = invalid.map { c ->
            DynamicTest.dynamicTest(c.s("name")) {
                val now = Instant.parse(c.s("now"))
                plainClient().use { client ->
                    val e = assertThrows(MpaasPushException.Validation::class.java) {
                        client.prepareJson(c.s("action"), c.getAsJsonObject("request").toString(), timestamp = now)
                    }
                    assertEquals(c.s("field"), e.field, e.detail)
                    assertEquals(c.s("rule"), e.rule, e.detail)
                    assertEquals("validation", e.code)
                    assertFalse(e.maybeSent)
                    assertEquals(0, e.attempts)
                    // Through the typed record, when one can express the request: the same field and rule.
                    val typed = typedCompanion(c.s("action"), c.getAsJsonObject("request")) ?: return@use
                    typedRuns++
                    val t = assertThrows(MpaasPushException.Validation::class.java) {
                        client.prepareTyped(typed, timestamp = now)
                    }
                    assertEquals(c.s("field") to c.s("rule"), t.field to t.rule, t.detail)
                }
            }
        }
        return tests + DynamicTest.dynamicTest("typed records express most invalid cases") {
            // Not expressible: missing required fields, wrong JSON types, unknown fields and enum values,
            // and -1 ms (see CompanionSupport.kt).
            assertEquals(16, typedRuns)
        }
    }

    @TestFactory
    fun `valid requests pass with exactly the wire parameters`() = valid.map { c ->
        DynamicTest.dynamicTest(c.s("name")) {
            val now = Instant.parse(c.s("now"))
            val want = c.strings("wire")
            plainClient().use { client ->
                val p = client.prepareJson(c.s("action"), c.getAsJsonObject("request").toString(), timestamp = now)
                assertEquals(c.s("now"), p.timestamp)
                assertEquals(want, p.signedParams.filterKeys { it !in common })
                val typed = typedCompanion(c.s("action"), c.getAsJsonObject("request"))
                assertNotNull(typed, "a typed record expresses every valid case")
                val t = client.prepareTyped(typed!!, timestamp = now)
                assertEquals(want, t.signedParams.filterKeys { it !in common })
            }
        }
    }

    @Test
    fun `typed errors name the core's paths, and an unknown action is a config error`() {
        plainClient().use { client ->
            val window = SchedulerListQuery(
                "ONEX570DA89211721", "test", Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
            )
            val e = assertThrows(MpaasPushException.Validation::class.java) { client.prepareQuerySchedulers(window) }
            assertEquals("endTime" to "time_order", e.field to e.rule)
            val early = assertThrows(MpaasPushException.Validation::class.java) {
                client.prepareQuerySchedulers(window.copy(startTime = Instant.ofEpochSecond(-5)))
            }
            assertEquals("startTime" to "min", early.field to early.rule)
            assertEquals("-5000", early.value)
            val old = RevokeTaskRequest("A", "W", "1000001", sentAt = Instant.now().minusSeconds(8 * 86_400))
            val r = assertThrows(MpaasPushException.Validation::class.java) { client.revokeTaskBlocking(old) }
            assertEquals("sentAt" to "revoke_window", r.field to r.rule)
            assertEquals(0, r.attempts)
            val cfg = assertThrows(MpaasPushException.Config::class.java) {
                client.prepareJson("PushEverything", "{}")
            }
            assertTrue(cfg.detail.contains("QueryPushSchedulerList"), cfg.detail)
            val json = assertThrows(MpaasPushException.Validation::class.java) {
                client.prepareJson("RevokePushTask", "{not json")
            }
            assertEquals("request" to "json", json.field to json.rule)
            assertNull(json.requestId)
        }
    }
}
