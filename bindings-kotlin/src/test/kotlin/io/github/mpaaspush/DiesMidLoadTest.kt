package io.github.mpaaspush

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.util.concurrent.ConcurrentHashMap
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

// Issue 15: the service dies in the middle of a load, through the JVM
// binding's suspend API. 10,000 broadcasts at 64 in flight (coroutines)
// through one client with the default retry policy; the emulator process is
// SIGTERMed 0.4 s in (it drops every connection, answers in progress
// included, and writes every task it accepted to --tasks-out). Every call
// must resolve once; no call whose msgkey the emulator accepted may be
// reported unsent; what succeeded was accepted; and the client's retry
// budget makes the doomed calls fail within 10 s of the death (the bound of
// tests/tests/dies_mid_load.rs). Figures: target/reliability/jvm-dies.json.
class DiesMidLoadTest {
    private val calls = 10_000
    private val inFlight = 64
    private val diesAfterMs = 400L
    private val failFastWithinSeconds = 10.0

    private fun round2(x: Double) = Math.round(x * 100.0) / 100.0

    @Test
    fun `the service dies mid-load - every call resolves, fast and truthfully`() {
        val out = File(repoRoot(), "target/reliability/jvm-dies.json").apply { delete() }
        val dir = tempDir("dies")
        try {
            val tasksOut = File(dir, "tasks.json")
            val emu = EmulatorProcess.start(listOf("--tasks-out", tasksOut.path, "--max-stored-tasks", "${2 * calls}"))
            emu.use {
                // Default retry policy: what a user gets; no proxy whatever the environment says.
                val client = Client(ClientConfig(accessKeyId = ID, accessKeySecret = SECRET, endpoint = emu.url, proxy = "none"))
                val msgkey = { i: Int -> "jvm-dies-${ProcessHandle.current().pid()}-$i" }
                val done = AtomicIntegerArray(calls)
                val outcome = arrayOfNulls<String>(calls) // "ok", or code + " (maybe sent)"
                val unsent = ConcurrentHashMap.newKeySet<String>()
                var died = 0L
                var started = 0L
                val killer = Thread {
                    Thread.sleep(diesAfterMs)
                    died = System.nanoTime()
                    emu.terminate()
                }
                client.use { shared ->
                    // Not one of the 10,000: loads the native library, JNA and the
                    // coroutine machinery before the clock starts (the JVM's
                    // start-up is not what this test looks at).
                    runBlocking { shared.pushBroadcast(request(msgkey = "jvm-dies-warm-up-${ProcessHandle.current().pid()}")) }
                    started = System.nanoTime()
                    killer.start()
                    val gate = Semaphore(inFlight)
                    runBlocking(Dispatchers.Default) {
                        coroutineScope {
                            repeat(calls) { i ->
                                launch {
                                    gate.withPermit {
                                        outcome[i] = try {
                                            shared.pushBroadcast(request(msgkey = msgkey(i)))
                                            "ok"
                                        } catch (e: MpaasPushException) {
                                            if (!e.errorMaybeSent) unsent += msgkey(i)
                                            e.errorCode + if (e.errorMaybeSent) " (maybe sent)" else ""
                                        }
                                        done.incrementAndGet(i)
                                    }
                                }
                            }
                        }
                    }
                }
                val finished = System.nanoTime()
                killer.join(30_000)
                check(died != 0L) { "the emulator was not stopped" }

                val accepted = JsonParser.parseString(tasksOut.readText()).asJsonArray
                    .mapNotNull { (it as? JsonObject)?.get("msgkey")?.asString }.toSet()
                val mine = accepted.filter { it.startsWith("jvm-dies-") && !it.startsWith("jvm-dies-warm-up") }.toSet()
                val resolved = (0 until calls).count { done.get(it) == 1 }
                val twice = (0 until calls).count { done.get(it) > 1 }
                val ok = (0 until calls).filter { outcome[it] == "ok" }.map(msgkey)
                val falselyUnsent = unsent.count { it in accepted }
                val byOutcome = (0 until calls).mapNotNull { outcome[it] }.groupingBy { it }.eachCount().toSortedMap()
                val afterDeath = maxOf(0L, finished - died) / 1e9
                val figures = JsonObject().apply {
                    addProperty("calls", calls)
                    addProperty("inFlight", inFlight)
                    addProperty("diesAfterMs", diesAfterMs)
                    addProperty("resolved", resolved)
                    add("outcomes", JsonObject().apply { byOutcome.forEach { (k, v) -> addProperty(k, v) } })
                    addProperty("accepted", mine.size)
                    addProperty("falselyUnsent", falselyUnsent)
                    addProperty("secondsAfterDeath", round2(afterDeath))
                    addProperty("secondsTotal", round2((finished - started) / 1e9))
                }
                println("JVM dies mid-load: $figures")
                writeReliability(out, JsonObject().apply {
                    addProperty("language", "jvm")
                    add("dies", figures)
                })

                assertEquals(0, twice, "a call resolved twice: $figures")
                assertEquals(calls, resolved, "$figures")
                assertEquals(0, falselyUnsent, "accepted but reported unsent: $figures")
                assertTrue(ok.all { it in accepted }, "a call reported ok was not accepted: $figures")
                assertTrue(ok.size < calls, "the service died before the end: $figures")
                assertTrue(afterDeath < failFastWithinSeconds, "$figures")
            }
        } finally {
            dir.deleteRecursively()
        }
    }
}
