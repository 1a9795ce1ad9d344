// PushBroadcast cost per call of io.github.mpaaspush:mpaas-push (blocking and
// suspend) against aliyun-java-sdk-core 4.5.2 (DefaultAcsClient + CommonRequest,
// API 2019-08-21, as a Java user without the mPaaS artifact sends it), all to
// the local MPS emulator; and the pinned dry run of every case of
// tests/vectors/requests.json. One flavour per JVM (peak RSS is that
// flavour's); prints one JSON line (benchmarks/jvm/run.sh appends it to
// RESULTS). Not a test: asserts only that every call succeeded.
//
//   java -cp ... bench.BenchKt FLAVOUR   (configuration from the environment:
//   ENDPOINT, KEY_ID, KEY_SECRET, N, WARMUP, CONCURRENCY, EMULATOR_PID,
//   CLK_TCK, RUN_ID, VECTORS, JVM_FLAGS, DRY_ROUNDS)
package bench

import com.aliyuncs.CommonRequest
import com.aliyuncs.DefaultAcsClient
import com.aliyuncs.http.HttpClientConfig
import com.aliyuncs.http.MethodType
import com.aliyuncs.http.ProtocolType
import com.aliyuncs.profile.DefaultProfile
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import io.github.mpaaspush.AndroidChannel
import io.github.mpaaspush.BroadcastRequest
import io.github.mpaaspush.Classification
import io.github.mpaaspush.Client
import io.github.mpaaspush.ClientConfig
import io.github.mpaaspush.DeliveryType
import io.github.mpaaspush.NotifyType
import io.github.mpaaspush.PayloadVendor
import io.github.mpaaspush.Period
import io.github.mpaaspush.PushAction
import io.github.mpaaspush.PushStatus
import io.github.mpaaspush.Schedule
import io.github.mpaaspush.Urgency
import java.io.File
import java.lang.management.ManagementFactory
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.system.exitProcess
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

const val APP_ID = "ONEX570DA89211721"
const val WORKSPACE_ID = "test"
const val TEMPLATE_NAME = "broadcast_tpl"
const val CONTENT = "hello from the benchmark"
const val TASK_NAME = "bench"
const val REGION = "cn-hangzhou"
const val TIMEOUT_MS = 10_000

fun env(name: String, default: String? = null): String =
    System.getenv(name)?.takeIf { it.isNotEmpty() } ?: default ?: error("$name is not set")

/** client, mode (seq | threads | coroutines | dry), scenario, label. */
data class Flavour(val client: String, val mode: String, val scenario: String, val label: String)

val FLAVOURS = linkedMapOf(
    "ours-blocking-seq" to Flavour("ours", "seq", "seq", "mpaas-push pushBroadcastBlocking, sequential"),
    "ours-blocking-c32" to Flavour("ours", "threads", "c32", "mpaas-push pushBroadcastBlocking, 32-thread pool, one client"),
    "ours-suspend-seq" to Flavour("ours", "coroutines", "seq", "mpaas-push suspend pushBroadcast, one coroutine"),
    "ours-suspend-c32" to Flavour("ours", "coroutines", "c32", "mpaas-push suspend pushBroadcast, 32 coroutines, one client"),
    "ours-suspend-capacity" to Flavour("ours", "coroutines", "capacity", "mpaas-push suspend pushBroadcast, 256 coroutines, 50 ms emulator"),
    "official-seq" to Flavour("official", "seq", "seq", "aliyun-java-sdk-core 4.5.2 CommonRequest (2019-08-21, HMAC-SHA1), sequential"),
    "official-c32" to Flavour("official", "threads", "c32", "aliyun-java-sdk-core 4.5.2 CommonRequest, 32-thread pool, one client"),
    "official-capacity" to Flavour("official", "threads", "capacity", "aliyun-java-sdk-core 4.5.2 CommonRequest, 256-thread pool, 50 ms emulator"),
    "ours-dry-run" to Flavour("ours", "dry", "dry_run", "mpaas-push prepareBroadcast (typed record, pinned) of every tests/vectors/requests.json case"),
)

/** A blocking send and, for ours, a suspend one; each returns null or an error text. */
class Sender(val blocking: (String) -> String?, val suspending: (suspend (String) -> String?)?, val close: () -> Unit)

fun ours(endpoint: String, concurrency: Int): Sender {
    val client = Client(
        ClientConfig(
            accessKeyId = env("KEY_ID", "benchid"),
            accessKeySecret = env("KEY_SECRET", "benchsecret"),
            endpoint = endpoint,
            allowHttp = true,
            connectTimeoutMs = TIMEOUT_MS.toDouble(),
            readTimeoutMs = TIMEOUT_MS.toDouble(),
        ),
    )
    val base = BroadcastRequest(
        appId = APP_ID,
        workspaceId = WORKSPACE_ID,
        deliveryType = DeliveryType.ANDROID,
        msgkey = "",
        expiredSeconds = 300,
        taskName = TASK_NAME,
        templateName = TEMPLATE_NAME,
        templateKeyValue = mapOf("content" to CONTENT),
        pushStatus = PushStatus.BOUND,
        bindPeriod = Period.DAYS7,
    )
    fun check(r: io.github.mpaaspush.BroadcastResult): String? =
        if (r.resultCode == "OK" && !r.taskId.isNullOrEmpty()) null else "result $r"
    return Sender(
        blocking = { key -> check(client.pushBroadcastBlocking(base.copy(msgkey = key))) },
        suspending = { key -> check(client.pushBroadcast(base.copy(msgkey = key))) },
        close = { client.close() },
    )
}

fun official(endpoint: String, concurrency: Int): Sender {
    val domain = endpoint.substringAfter("://").trimEnd('/')
    val profile = DefaultProfile.getProfile(REGION, env("KEY_ID", "benchid"), env("KEY_SECRET", "benchsecret"))
    val config = HttpClientConfig.getDefault()
    config.protocolType = ProtocolType.HTTP
    config.connectionTimeoutMillis = TIMEOUT_MS.toLong()
    config.readTimeoutMillis = TIMEOUT_MS.toLong()
    // One shared client: its Apache connection pool as large as the threads.
    config.maxRequests = maxOf(config.maxRequests, concurrency)
    config.maxRequestsPerHost = maxOf(config.maxRequestsPerHost, concurrency)
    config.maxIdleConnections = maxOf(config.maxIdleConnections, concurrency)
    profile.httpClientConfig = config
    val client = DefaultAcsClient(profile)
    client.setAutoRetry(false)
    val send = { key: String ->
        val request = CommonRequest()
        request.sysMethod = MethodType.POST
        request.sysProtocol = ProtocolType.HTTP
        request.sysDomain = domain
        request.sysProduct = "mPaaS"
        request.sysVersion = "2019-08-21"
        request.sysAction = "PushBroadcast"
        request.putBodyParameter("AppId", APP_ID)
        request.putBodyParameter("WorkspaceId", WORKSPACE_ID)
        request.putBodyParameter("DeliveryType", 1)
        request.putBodyParameter("Msgkey", key)
        request.putBodyParameter("ExpiredSeconds", 300)
        request.putBodyParameter("TemplateName", TEMPLATE_NAME)
        request.putBodyParameter("TemplateKeyValue", "{\"content\":\"$CONTENT\"}")
        request.putBodyParameter("TaskName", TASK_NAME)
        request.putBodyParameter("PushStatus", 0)
        request.putBodyParameter("BindPeriod", 1)
        val response = client.getCommonResponse(request)
        val body = JsonParser.parseString(response.data).asJsonObject
        val data = body.getAsJsonObject("PushResult")?.get("Data")
        if (body.get("ResultCode")?.asString == "OK" && data != null && !data.isJsonNull && data.asString.isNotEmpty()) null
        else "HTTP ${response.httpStatus}: ${response.data}"
    }
    return Sender(blocking = send, suspending = null, close = { client.shutdown() })
}

class Tally {
    val errors = AtomicInteger()
    val first = AtomicReference<String?>()
    fun fail(text: String) {
        errors.incrementAndGet()
        first.compareAndSet(null, text.take(500))
    }
    fun guard(text: () -> String?) {
        try {
            text()?.let(::fail)
        } catch (e: Exception) {
            fail("${e.javaClass.simpleName}: ${e.message}")
        }
    }
}

/** `count` calls with Msgkeys `prefix-0 …`, in the flavour's mode. */
fun drive(mode: String, sender: Sender, prefix: String, count: Int, concurrency: Int, tally: Tally) {
    val next = AtomicInteger()
    when (mode) {
        "seq" -> for (i in 0 until count) tally.guard { sender.blocking("$prefix-$i") }
        "threads" -> {
            val pool = Executors.newFixedThreadPool(concurrency)
            repeat(concurrency) {
                pool.execute {
                    while (true) {
                        val i = next.getAndIncrement()
                        if (i >= count) break
                        tally.guard { sender.blocking("$prefix-$i") }
                    }
                }
            }
            pool.shutdown()
            check(pool.awaitTermination(1, TimeUnit.HOURS))
        }
        "coroutines" -> {
            val send = sender.suspending ?: error("no suspend API")
            // One event-loop thread (runBlocking), `concurrency` coroutines in flight.
            runBlocking {
                repeat(concurrency) {
                    launch {
                        while (true) {
                            val i = next.getAndIncrement()
                            if (i >= count) break
                            try {
                                send("$prefix-$i")?.let(tally::fail)
                            } catch (e: Exception) {
                                tally.fail("${e.javaClass.simpleName}: ${e.message}")
                            }
                        }
                    }
                }
            }
        }
        else -> error("mode $mode")
    }
}

val cpuBean = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean
val threadBean = ManagementFactory.getThreadMXBean()

fun processCpuNs(): Long = cpuBean.processCpuTime

fun peakRssMib(): Double? = File("/proc/self/status").readLines()
    .firstOrNull { it.startsWith("VmHWM:") }
    ?.split(Regex("\\s+"))?.get(1)?.toDoubleOrNull()?.div(1024.0)

/**
 * Per thread of this process (/proc/self/task): name, utime + stime ticks and
 * context switches (voluntary + involuntary). Threads that ended in between
 * are missing from the difference; the benchmark's threads live throughout.
 */
class TaskStat(val name: String, val ticks: Long, val switches: Long)

fun tasks(): Map<String, TaskStat> = (File("/proc/self/task").listFiles() ?: emptyArray()).mapNotNull { dir ->
    runCatching {
        val stat = File(dir, "stat").readText()
        val name = stat.substringAfter('(').substringBeforeLast(')')
        val f = stat.substringAfterLast(')').trim().split(" ")
        val status = File(dir, "status").readLines()
        fun field(key: String) = status.first { it.startsWith(key) }.substringAfter(':').trim().toLong()
        dir.name to TaskStat(name, f[11].toLong() + f[12].toLong(), field("voluntary_ctxt_switches") + field("nonvoluntary_ctxt_switches"))
    }.getOrNull()
}.toMap()

/** What a thread does, from its name: the caller's, the Rust runtime's, JIT, GC, JNA's cleaner, the rest. */
fun group(name: String): String = when {
    // The JVM's main thread keeps the launcher's name ("java").
    name == "java" || name == "main" || name.startsWith("pool-") -> "caller"
    name.startsWith("mpaas-push") -> "rust"
    name.startsWith("C1 ") || name.startsWith("C2 ") -> "jit"
    name.startsWith("GC ") || name.startsWith("G1 ") || name == "VM Thread" -> "gc"
    name == "JNA Cleaner" -> "jna_cleaner"
    else -> "other"
}

/** CPU ms per call by thread group and context switches per call (whole process) between two snapshots. */
fun perCall(before: Map<String, TaskStat>, after: Map<String, TaskStat>, calls: Int, clkTck: Double): Pair<Map<String, Double>, Double> {
    val cpu = sortedMapOf<String, Double>()
    var switches = 0L
    for ((tid, a) in after) {
        val b = before[tid]
        cpu.merge(group(a.name), (a.ticks - (b?.ticks ?: 0)) * 1000.0 / clkTck / calls, Double::plus)
        switches += a.switches - (b?.switches ?: 0)
    }
    return cpu to switches.toDouble() / calls
}

fun loadavg(): Double = File("/proc/loadavg").readText().split(" ")[0].toDouble()

/** utime + stime of `pid` in clock ticks, or null. */
fun pidTicks(pid: String?): Long? {
    if (pid.isNullOrEmpty()) return null
    val stat = runCatching { File("/proc/$pid/stat").readText() }.getOrNull() ?: return null
    val fields = stat.substringAfterLast(')').trim().split(" ")
    return fields[11].toLong() + fields[12].toLong()
}

fun json(map: Map<String, Any?>): String = map.entries.joinToString(",", "{", "}") { (k, v) -> "\"$k\":${value(v)}" }

fun value(v: Any?): String = when (v) {
    null -> "null"
    is String -> com.google.gson.JsonPrimitive(v).toString()
    is Double -> if (v.isFinite()) "%.6g".format(v).let { it.toDouble().toString() } else "null"
    is Number, is Boolean -> v.toString()
    is List<*> -> v.joinToString(",", "[", "]") { value(it) }
    is Map<*, *> -> v.entries.joinToString(",", "{", "}") { (k, x) -> "${value(k.toString())}:${value(x)}" }
    else -> value(v.toString())
}

fun main(args: Array<String>) {
    val name = args.firstOrNull() ?: error("usage: bench.BenchKt FLAVOUR")
    val flavour = FLAVOURS[name] ?: error("unknown flavour $name (${FLAVOURS.keys})")
    val n = env("N").toInt()
    val warmup = env("WARMUP", "100").toInt()
    val concurrency = env("CONCURRENCY", "1").toInt()
    val common = linkedMapOf<String, Any?>(
        "language" to "jvm",
        "client" to flavour.client,
        "sdk" to if (flavour.client == "ours") "mpaas-push 0.1.0" else "aliyun-java-sdk-core 4.5.2",
        "flavour" to name,
        "label" to flavour.label,
        "scenario" to flavour.scenario,
        "jvm" to "${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}",
        "jvm_flags" to env("JVM_FLAGS", ""),
    )
    if (flavour.mode == "dry") {
        dryRun(common, n, warmup)
        return
    }
    val endpoint = env("ENDPOINT")
    val sender = if (flavour.client == "ours") ours(endpoint, concurrency) else official(endpoint, concurrency)
    val runId = env("RUN_ID", "jvm${ProcessHandle.current().pid()}x${System.currentTimeMillis()}")
    val clkTck = env("CLK_TCK", "100").toDouble()
    val emulatorPid = System.getenv("EMULATOR_PID")

    // Warm-up (JIT, connections): not measured.
    val warm = Tally()
    drive(flavour.mode, sender, "$runId-$name-warm", warmup, concurrency, warm)
    val tally = Tally()
    val load0 = loadavg()
    val emu0 = pidTicks(emulatorPid)
    val tasks0 = tasks()
    val cpu0 = processCpuNs()
    val t0 = System.nanoTime()
    drive(flavour.mode, sender, "$runId-$name", n, concurrency, tally)
    val seconds = (System.nanoTime() - t0) / 1e9
    val cpuMs = (processCpuNs() - cpu0) / 1e6
    val (byThread, switches) = perCall(tasks0, tasks(), n, clkTck)
    val emu1 = pidTicks(emulatorPid)
    val load1 = loadavg()
    sender.close()
    val errors = tally.errors.get() + warm.errors.get()
    val line = LinkedHashMap(common)
    line += mapOf(
        "concurrency" to concurrency,
        "n" to n,
        "warmup" to warmup,
        "seconds" to seconds,
        "calls_per_s" to n / seconds,
        "cpu_ms_per_call" to cpuMs / n,
        "cpu_ms_per_call_by_thread" to byThread,
        "context_switches_per_call" to switches,
        "peak_rss_mib" to peakRssMib(),
        "emulator_cpu_ms_per_call" to if (emu0 != null && emu1 != null) (emu1 - emu0) * 1000.0 / clkTck / n else null,
        "load_1m" to listOf(load0, load1),
        "errors" to errors,
        "first_error" to (warm.first.get() ?: tally.first.get()),
    )
    println(json(line))
    System.out.flush()
    if (errors > 0) exitProcess(1)
}

// ---------------------------------------------------------------------------
// Dry run: every case of tests/vectors/requests.json as a typed record (built
// once, outside the measurement), signed with its pinned nonce and timestamp.

class DryCase(val client: Client, val request: BroadcastRequest, val nonce: String, val at: Instant, val signature: String)

fun dryRun(common: Map<String, Any?>, n: Int, warmup: Int) {
    val doc = JsonParser.parseString(File(env("VECTORS"), "requests.json").readText()).asJsonObject
    val clients = HashMap<String, Client>()
    val cases = doc.getAsJsonArray("cases").map { it.asJsonObject }.map { c ->
        val cr = c.getAsJsonObject("credentials")
        val id = cr.get("accessKeyId").asString
        val secret = cr.get("accessKeySecret").asString
        val token = cr.get("securityToken")?.asString
        val client = clients.getOrPut("$id\u0000$secret\u0000$token") {
            Client(ClientConfig(accessKeyId = id, accessKeySecret = secret, securityToken = token))
        }
        val v1 = c.getAsJsonObject("v1")
        DryCase(client, typed(c.getAsJsonObject("request")), v1.get("nonce").asString, Instant.parse(v1.get("timestamp").asString), v1.get("signature").asString)
    }
    // Each case signs as the vector says (else the figure would mean nothing).
    for (c in cases) {
        val p = c.client.prepareBroadcast(c.request, nonce = c.nonce, timestamp = c.at)
        check(p.signature == c.signature) { "signature mismatch: ${p.signature} != ${c.signature}" }
    }
    var sink = 0L
    fun round() {
        for (c in cases) sink += c.client.prepareBroadcast(c.request, nonce = c.nonce, timestamp = c.at).body.length
    }
    // Rounds over all cases; N and WARMUP count calls.
    val rounds = maxOf(1, n / cases.size)
    repeat(maxOf(1, warmup / cases.size)) { round() }
    val load0 = loadavg()
    val thread0 = threadBean.currentThreadCpuTime
    val cpu0 = processCpuNs()
    val t0 = System.nanoTime()
    repeat(rounds) { round() }
    val wallNs = System.nanoTime() - t0
    val cpuNs = processCpuNs() - cpu0
    val threadNs = threadBean.currentThreadCpuTime - thread0
    val calls = rounds * cases.size
    val line = LinkedHashMap(common)
    line += mapOf(
        "concurrency" to 1,
        "n" to calls,
        "warmup" to maxOf(1, warmup / cases.size) * cases.size,
        "cases" to cases.size,
        "us_per_call" to cpuNs / 1e3 / calls,
        "thread_cpu_us_per_call" to threadNs / 1e3 / calls,
        "wall_us_per_call" to wallNs / 1e3 / calls,
        "seconds" to wallNs / 1e9,
        "peak_rss_mib" to peakRssMib(),
        "emulator_cpu_ms_per_call" to null,
        "load_1m" to listOf(load0, loadavg()),
        "errors" to 0,
        "sink" to sink,
    )
    clients.values.forEach { it.close() }
    println(json(line))
}

fun JsonObject.str(key: String): String? = get(key)?.takeUnless { it.isJsonNull }?.asString

fun JsonObject.map(key: String): Map<String, String>? =
    getAsJsonObject(key)?.entrySet()?.associate { (k, v) -> k to v.asString }

fun int(e: JsonElement?): Int? = e?.takeUnless { it.isJsonNull }?.asString?.toInt()

fun period(e: JsonElement?): Period? = int(e)?.let { Period.entries[it - 1] }

fun day(ms: Long): LocalDate = Instant.ofEpochMilli(ms).atOffset(java.time.ZoneOffset.ofHours(8)).toLocalDate()

/** A neutral request of the vectors as the typed record (as bindings-kotlin's VectorsTest builds it). */
fun typed(r: JsonObject): BroadcastRequest {
    val schedule = when (int(r.get("strategyType"))) {
        null -> r.get("schedule")?.let(::typedSchedule)
        0 -> Schedule.Immediate
        1 -> Schedule.At(Instant.ofEpochMilli(r.getAsJsonObject("strategyContent").get("fixedTime").asLong))
        else -> {
            val c = r.getAsJsonObject("strategyContent")
            val start = day(c.get("startTime").asLong)
            val end = day(c.get("endTime").asLong)
            val time = LocalTime.parse(c.get("time").asString)
            val days = c.getAsJsonArray("circleValue")?.map { it.asInt } ?: emptyList()
            when (c.get("circleType").asInt) {
                1 -> Schedule.Daily(start, end, time)
                2 -> Schedule.Weekly(days, start, end, time)
                else -> Schedule.Monthly(days, start, end, time)
            }
        }
    }
    return BroadcastRequest(
        appId = r.str("appId")!!,
        workspaceId = r.str("workspaceId")!!,
        deliveryType = when (int(r.get("deliveryType"))) {
            1 -> DeliveryType.ANDROID; 2 -> DeliveryType.IOS; else -> DeliveryType.HARMONY_OS
        },
        msgkey = r.str("msgkey")!!,
        expiredSeconds = r.get("expiredSeconds").asLong,
        taskName = r.str("taskName")!!,
        templateName = r.str("templateName")!!,
        templateKeyValue = r.map("templateKeyValue"),
        tenantId = r.str("tenantId"),
        pushStatus = int(r.get("pushStatus"))?.let { PushStatus.entries[it] },
        bindPeriod = period(r.get("bindPeriod")),
        unBindPeriod = period(r.get("unBindPeriod")),
        androidChannel = int(r.get("androidChannel"))?.let { AndroidChannel.entries[it - 1] },
        classification = int(r.get("classification"))?.let { Classification.entries[it] },
        schedule = schedule,
        transparentMessagePayload = r.getAsJsonObject("transparentMessagePayload")
            ?.entrySet()?.associate { (k, v) -> PayloadVendor.valueOf(k.uppercase().replace("HARMONYOS", "HARMONY_OS")) to v.toString() },
        transparentMessageUrgency = r.str("transparentMessageUrgency")?.let { Urgency.valueOf(it) },
        thirdChannelCategory = r.map("thirdChannelCategory"),
        notifyLevel = r.map("notifyLevel"),
        miChannelId = r.str("miChannelId"),
        channelId = r.str("channelId"),
        notifyType = r.str("notifyType")?.let { NotifyType.valueOf(it.uppercase()) },
        pushAction = int(r.get("pushAction"))?.let { PushAction.entries[it] },
        silent = r.get("silent")?.let { it.asString == "1" || it.asString == "true" },
        extendedParams = r.map("extendedParams"),
    )
}

fun typedSchedule(e: JsonElement): Schedule {
    if (e.isJsonPrimitive) return Schedule.Immediate
    val o = e.asJsonObject
    o.get("at")?.let { at ->
        return Schedule.At(if (at.asJsonPrimitive.isNumber) Instant.ofEpochMilli(at.asLong) else java.time.OffsetDateTime.parse(at.asString).toInstant())
    }
    val start = LocalDate.parse(o.get("start").asString)
    val end = LocalDate.parse(o.get("end").asString)
    val time = LocalTime.parse(o.get("time").asString)
    val days = o.getAsJsonArray("days")?.map { it.asInt } ?: emptyList()
    return when (o.get("every").asString) {
        "daily" -> Schedule.Daily(start, end, time)
        "weekly" -> Schedule.Weekly(days, start, end, time)
        else -> Schedule.Monthly(days, start, end, time)
    }
}
