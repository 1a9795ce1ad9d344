package io.github.mpaaspush

import com.google.gson.GsonBuilder
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import com.google.gson.JsonPrimitive
import java.io.File
import java.net.ServerSocket
import java.time.Duration
import java.util.UUID
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

// Issue 8: the shared fault matrix (tests/reliability/faults.json) and the
// load test, through the JVM binding. Mirrors tests/tests/reliability.rs and
// load.rs: per scenario a fresh emulator, its clock offset and faults, one
// broadcast with a fresh msgkey through a client built from clientDefaults +
// client, then every key of `expect` against what was observed. Writes
// target/reliability/jvm.json (fault matrix) and jvm-load.json (load) at the
// repository root for scripts/reliability_report.py, then fails on mismatch.
class ReliabilityTest {
    private val gson = GsonBuilder().setPrettyPrinting().create()
    private val outDir = File(repoRoot(), "target/reliability")

    private fun write(name: String, doc: JsonObject) {
        outDir.mkdirs()
        File(outDir, name).writeText(gson.toJson(doc) + "\n")
    }

    /** A loopback port nothing listens on. */
    private fun closedPort(): String = ServerSocket(0).use { "http://127.0.0.1:${it.localPort}" }

    private fun tableRequest(r: JsonObject, msgkey: String) = BroadcastRequest(
        appId = r.get("appId").asString,
        workspaceId = r.get("workspaceId").asString,
        deliveryType = DeliveryType.valueOf(r.get("deliveryType").asString.uppercase()),
        msgkey = msgkey,
        expiredSeconds = r.get("expiredSeconds").asLong,
        taskName = r.get("taskName").asString,
        templateName = r.get("templateName").asString,
        templateKeyValue = r.getAsJsonObject("templateKeyValue").entrySet().associate { (k, v) -> k to v.asString },
        bindPeriod = Period.entries[r.get("bindPeriod").asInt - 1],
    )

    private fun runScenario(doc: JsonObject, sc: JsonObject): JsonObject = Emulator.start().use { emu ->
        sc.get("clockOffsetSeconds")?.let { emu.setClock(it.asLong) }
        sc.getAsJsonArray("faults").forEach { emu.fault(it.toString()) }
        val d = doc.getAsJsonObject("clientDefaults")
        val c = sc.getAsJsonObject("client") ?: JsonObject()
        fun opt(key: String): JsonElement = c.get(key) ?: d.get(key)
        fun ms(key: String): Double = opt(key).asDouble
        val endpoint = if (sc.get("endpoint")?.asString == "closed-port") closedPort() else emu.url
        val config = ClientConfig(
            accessKeyId = ID, accessKeySecret = SECRET, endpoint = endpoint,
            connectTimeoutMs = ms("connectTimeoutMs"), readTimeoutMs = ms("readTimeoutMs"),
            totalTimeoutMs = ms("totalTimeoutMs"),
            retry = RetryConfig(
                maxAttempts = opt("maxAttempts").asLong, baseDelayMs = ms("baseDelayMs"),
                maxDelayMs = ms("maxDelayMs"), retryMaybeSent = opt("retryMaybeSent").asBoolean,
            ),
        )
        val msgkey = UUID.randomUUID().toString()
        val request = tableRequest(doc.getAsJsonObject("request"), msgkey)
        val seen = JsonObject()
        seen.add("name", sc.get("name"))
        Client(config).use { client ->
            try {
                val r = runBlocking { client.pushBroadcast(request) }
                seen.addProperty("outcome", "ok")
                seen.addProperty("alreadyAccepted", r.alreadyAccepted)
            } catch (e: MpaasPushException) {
                seen.addProperty("outcome", "error")
                seen.addProperty("code", e.errorCode)
                seen.addProperty("maybeSent", e.errorMaybeSent)
                seen.addProperty("clientAttempts", e.errorAttempts)
                e.errorHttpStatus?.let { seen.addProperty("httpStatus", it) }
                e.errorTimeoutKind?.let { seen.addProperty("timeoutKind", it) }
                e.errorServiceCode?.let { seen.addProperty("serviceCode", it) }
            }
        }
        seen.addProperty("emulatorAttempts", emu.requests().size())
        seen.addProperty("accepted", emu.allTasks().count { it.asJsonObject.get("msgkey")?.asString == msgkey })
        seen
    }

    @Test
    fun `the shared fault matrix`() {
        val doc = JsonParser.parseString(File(repoRoot(), "tests/reliability/faults.json").readText()).asJsonObject
        val rows = com.google.gson.JsonArray()
        val failures = mutableListOf<String>()
        for (el in doc.getAsJsonArray("scenarios")) {
            val sc = el.asJsonObject
            val seen = runScenario(doc, sc)
            rows.add(seen)
            assertTrue(seen.get("accepted").asInt <= 1, "accepted twice: $seen")
            val bad = sc.getAsJsonObject("expect").entrySet()
                .filter { (k, v) -> !same(seen.get(k), v) }
                .map { (k, v) -> "$k: expected $v, observed ${seen.get(k)}" }
            if (bad.isNotEmpty()) failures += "${sc.get("name").asString}: ${bad.joinToString("; ")}"
        }
        write("jvm.json", JsonObject().apply {
            addProperty("language", "jvm")
            add("observed", rows)
        })
        assertTrue(failures.isEmpty(), failures.joinToString("\n"))
        assertEquals(doc.getAsJsonArray("scenarios").size(), rows.size())
    }

    /** JSON equality with numbers compared by value (1 == 1.0 is not needed here). */
    private fun same(a: JsonElement?, b: JsonElement): Boolean = when {
        a == null -> false
        a is JsonPrimitive && b is JsonPrimitive && a.isNumber && b.isNumber -> a.asLong == b.asLong
        else -> a == b
    }

    // --- load ----------------------------------------------------------------

    private fun openFds(): Int = File("/proc/self/fd").list()!!.size

    /** `VmHWM` (peak) or `VmRSS` (current) of this JVM in MiB. */
    private fun rssMiB(key: String = "VmHWM"): Double {
        val kib = File("/proc/self/status").readLines()
            .first { it.startsWith("$key:") }
            .removePrefix("$key:").trim().removeSuffix("kB").trim().toDouble()
        return Math.round(kib / 1024.0 * 10.0) / 10.0
    }

    @Test
    fun `10,000 broadcasts through one client, none lost or doubled, no fd growth over 100 clients`() {
        val calls = 10_000
        val inFlight = 128
        Emulator.start().use { emu ->
            fun client() = Client(ClientConfig(accessKeyId = ID, accessKeySecret = SECRET, endpoint = emu.url))

            // 100 create → call → close cycles: no descriptor growth.
            client().use { it.pushBroadcastBlocking(request(msgkey = "jvm-warm-up")) }
            Thread.sleep(200)
            val fdsBefore = openFds()
            for (i in 0 until 100) {
                client().use { it.pushBroadcastBlocking(request(msgkey = "jvm-cycle-$i")) }
            }
            // Connections close when their pool is dropped; give the runtime a beat.
            Thread.sleep(200)
            val fdsAfter = openFds()
            emu.reset() // the emulator keeps at most 10,000 tasks and request records
            val peakBefore = rssMiB()

            // 10,000 suspend calls, 128 in flight, one client.
            val done = AtomicIntegerArray(calls)
            val ok = AtomicInteger()
            val errors = java.util.concurrent.ConcurrentLinkedQueue<String>()
            val started = System.nanoTime()
            client().use { shared ->
                val gate = Semaphore(inFlight)
                runBlocking(Dispatchers.Default) {
                    coroutineScope {
                        repeat(calls) { i ->
                            launch {
                                gate.withPermit {
                                    try {
                                        shared.pushBroadcast(request(msgkey = "jvm-load-$i"))
                                        ok.incrementAndGet()
                                    } catch (e: MpaasPushException) {
                                        errors += "jvm-load-$i: ${e.errorCode} ${e.errorDetail}"
                                    } finally {
                                        done.incrementAndGet(i)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            val wallSeconds = (System.nanoTime() - started) / 1e9
            // Before this test reads the emulator's 10,000 records as JSON.
            val peakAfterCalls = rssMiB()
            val resolved = (0 until calls).count { done.get(it) == 1 }
            val resolvedTwice = (0 until calls).count { done.get(it) > 1 }
            val perKey = emu.allTasks().mapNotNull { it.asJsonObject.get("msgkey")?.asString }
                .filter { it.startsWith("jvm-load-") }
                .groupingBy { it }.eachCount()
            val duplicated = perKey.values.count { it > 1 }
            val lost = calls - perKey.size
            val attemptsSeen = emu.requests().size()
            val load = JsonObject().apply {
                addProperty("calls", calls)
                addProperty("inFlight", inFlight)
                addProperty("resolved", resolved)
                addProperty("lost", lost)
                addProperty("duplicated", duplicated)
                addProperty("peakRssMiB", peakAfterCalls)
                addProperty("fdsBefore", fdsBefore)
                addProperty("fdsAfter", fdsAfter)
                // Beyond the report's keys: the JVM's peak before the 10,000
                // calls (the whole surefire JVM, default heap = 1/4 of RAM)
                // and the wall time.
                addProperty("peakRssBeforeMiB", peakBefore)
                addProperty("wallSeconds", Math.round(wallSeconds * 10.0) / 10.0)
            }
            println("JVM load: $load")
            write("jvm-load.json", JsonObject().apply {
                addProperty("language", "jvm")
                add("load", load)
            })
            assertTrue(errors.isEmpty(), "${errors.size} errors, first: ${errors.firstOrNull()}")
            assertEquals(0, resolvedTwice, "a call resolved twice")
            assertEquals(calls, resolved)
            assertEquals(calls, ok.get() + errors.size)
            assertEquals(0, lost, "$load")
            assertEquals(0, duplicated, "$load")
            assertEquals(calls, attemptsSeen, "one attempt per call")
            assertTrue(fdsAfter <= fdsBefore + 3, "descriptors grew: $load")
        }
    }
}
