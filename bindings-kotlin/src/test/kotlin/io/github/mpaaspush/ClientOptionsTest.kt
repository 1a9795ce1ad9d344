package io.github.mpaaspush

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

// Every case of tests/vectors/client-options.json, derived mechanically into
// a ClientConfig through the Java builder (neutral camelCase key → builder
// method, `retry.x` → the retry setters). A value the typed builder cannot
// take (text for a number, a fraction for a whole number, an unknown key…)
// makes the case inexpressible: exactly the cases marked dynamicOnly.
class ClientOptionsTest {
    private val cases = vectors("client-options.json").getAsJsonArray("cases").map { it.asJsonObject }

    private class Inexpressible(why: String) : Exception(why)

    private fun JsonElement.text(): String =
        if (isJsonPrimitive && asJsonPrimitive.isString) asString else throw Inexpressible("not text: $this")
    private fun JsonElement.flag(): Boolean =
        if (isJsonPrimitive && asJsonPrimitive.isBoolean) asBoolean else throw Inexpressible("not a boolean: $this")
    private fun JsonElement.number(): Double =
        if (isJsonPrimitive && asJsonPrimitive.isNumber) asDouble else throw Inexpressible("not a number: $this")
    private fun JsonElement.whole(): Long {
        val n = (this as? JsonPrimitive)?.takeIf { it.isNumber }?.asBigDecimal ?: throw Inexpressible("not a number: $this")
        return try { n.longValueExact() } catch (e: ArithmeticException) { throw Inexpressible("not a Long: $this") }
    }

    /** The case's options through [ClientConfigBuilder], or [Inexpressible]. */
    private fun config(options: JsonObject): ClientConfig {
        val b = ClientConfigBuilder()
        for ((key, v) in options.entrySet()) {
            if (v.isJsonNull) throw Inexpressible("null for $key")
            when (key) {
                "accessKeyId" -> b.accessKeyId(v.text())
                "accessKeySecret" -> b.accessKeySecret(v.text())
                "securityToken" -> b.securityToken(v.text())
                "endpoint" -> b.endpoint(v.text())
                "allowHttp" -> b.allowHttp(v.flag())
                "region" -> b.region(v.text())
                "signature" -> b.signature(v.text())
                "apiVersion" -> b.apiVersion(v.text())
                "connectTimeoutMs" -> b.connectTimeoutMs(v.number())
                "readTimeoutMs" -> b.readTimeoutMs(v.number())
                "totalTimeoutMs" -> b.totalTimeoutMs(v.number())
                "proxy" -> b.proxy(v.text())
                "userAgentSuffix" -> b.userAgentSuffix(v.text())
                "maxResponseBytes" -> b.maxResponseBytes(v.whole())
                "retry" -> {
                    if (!v.isJsonObject) throw Inexpressible("retry is not an object")
                    for ((k, r) in v.asJsonObject.entrySet()) {
                        if (r.isJsonNull) throw Inexpressible("null for retry.$k")
                        when (k) {
                            "maxAttempts" -> b.maxAttempts(r.whole())
                            "baseDelayMs" -> b.retryBaseDelayMs(r.number())
                            "maxDelayMs" -> b.retryMaxDelayMs(r.number())
                            "retryMaybeSent" -> b.retryMaybeSent(r.flag())
                            else -> throw Inexpressible("no retry option $k")
                        }
                    }
                }
                else -> throw Inexpressible("no option $key")
            }
        }
        return b.build()
    }

    @TestFactory
    fun `every case of client-options json`() = cases.map { c ->
        DynamicTest.dynamicTest(c.get("name").asString) {
            val dynamicOnly = c.get("dynamicOnly")?.asBoolean == true
            val cfg = try {
                config(c.getAsJsonObject("options"))
            } catch (e: Inexpressible) {
                check(dynamicOnly) { "not marked dynamicOnly but inexpressible: ${e.message}" }
                return@dynamicTest
            }
            check(!dynamicOnly) { "marked dynamicOnly but the builder took it" }
            val fromEnv = c.get("fromEnv")?.asBoolean == true
            val build = { if (fromEnv) Client.fromEnv(cfg) else Client(cfg) }
            val expect = c.get("expect")
            if (expect.isJsonPrimitive) {
                assertEquals("ok", expect.asString)
                build().close()
                return@dynamicTest
            }
            val e = assertThrows(MpaasPushException::class.java) { build().close() }
            val want = expect.asJsonObject
            assertEquals(
                listOf(want.get("code").asString, want.get("field").asString, want.get("rule").asString),
                listOf(e.errorCode, e.errorField, e.errorRule),
                e.message,
            )
            val shown = listOf(e.message, e.toString(), e.errorDetail, e.errorValue)
            for (secret in c.getAsJsonArray("mustNotContain")?.map { it.asString } ?: emptyList()) {
                for (text in shown) assertFalse(text?.contains(secret) == true, "$secret in $text")
            }
        }
    }

    @Test
    fun `exactly the cases marked dynamicOnly are skipped`() {
        val skipped = cases.count { c ->
            try {
                config(c.getAsJsonObject("options")); false
            } catch (e: Inexpressible) {
                true
            }
        }
        val marked = cases.count { it.get("dynamicOnly")?.asBoolean == true }
        assertEquals(marked, skipped)
        assertEquals(58, cases.size)
    }

    @Test
    fun `java time Durations are milliseconds, and a negative one reaches the core`() {
        val e = assertThrows(MpaasPushException.Config::class.java) {
            Client(ClientConfigBuilder().connectTimeout(java.time.Duration.ofSeconds(-1)).build())
        }
        assertEquals(Triple("connectTimeoutMs", "positive", "-1000"), Triple(e.field, e.rule, e.value))
        val max = assertThrows(MpaasPushException.Config::class.java) {
            Client(ClientConfigBuilder().readTimeout(java.time.Duration.ofSeconds(Long.MAX_VALUE)).build())
        }
        assertEquals("readTimeoutMs" to "range", max.field to max.rule)
        val retry = assertThrows(MpaasPushException.Config::class.java) {
            Client(ClientConfigBuilder().maxAttempts(-1).build())
        }
        assertEquals("retry.maxAttempts" to "range", retry.field to retry.rule)
    }
}
