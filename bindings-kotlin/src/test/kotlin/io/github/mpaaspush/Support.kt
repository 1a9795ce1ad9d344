package io.github.mpaaspush

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
import java.net.HttpURLConnection
import java.net.URI
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneOffset
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

// Shared helpers of the JUnit suite: the emulator child process and its
// control API, the vectors, and a neutral-JSON → typed-record converter.
// MPAAS_PUSH_BIN (the CLI that runs the emulator) and MPAAS_PUSH_VECTORS
// (tests/vectors of the repository) are system properties that the pom's
// surefire configuration sets from the repository root (an environment
// variable of the same name is read when the property is absent).

const val ID = "testid"
const val SECRET = "testsecret"

fun setting(name: String): String =
    System.getProperty(name) ?: System.getenv(name)
        ?: error("$name is not set: run the suite through `mvn test` in bindings-kotlin (its pom sets it)")

/** The repository root (MPAAS_PUSH_VECTORS is its tests/vectors). */
fun repoRoot(): File = File(setting("MPAAS_PUSH_VECTORS")).absoluteFile.parentFile.parentFile

fun vectors(name: String): JsonObject =
    JsonParser.parseString(File(setting("MPAAS_PUSH_VECTORS"), name).readText()).asJsonObject

class Emulator private constructor(val url: String, private val process: Process) : AutoCloseable {
    companion object {
        /** Starts one on a free loopback port accepting [accessKeys] (`ID:SECRET[:TOKEN]`). */
        fun start(accessKeys: List<String> = listOf("$ID:$SECRET")): Emulator {
            val bin = File(setting("MPAAS_PUSH_BIN"))
            check(bin.canExecute()) { "mpaas-push binary not found at $bin" }
            val args = mutableListOf(bin.path, "emulator", "--port", "0")
            accessKeys.forEach { args += listOf("--access-key", it) }
            args += listOf("--template", "news_tpl=News: #content#")
            val p = ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start()
            val out = BufferedReader(InputStreamReader(p.inputStream))
            val first = out.readLine() ?: error("emulator exited before printing its address")
            val prefix = "MPS emulator listening on "
            check(first.startsWith(prefix)) { "unexpected first line: $first" }
            // Keep draining stdout for the emulator's whole life.
            Thread { while (out.readLine() != null) Unit }.apply { isDaemon = true }.start()
            return Emulator(first.removePrefix(prefix).trim(), p)
        }
    }

    fun control(method: String, route: String, body: String? = null): JsonObject {
        val c = URI("$url/_emulator/$route").toURL().openConnection() as HttpURLConnection
        c.requestMethod = method
        c.connectTimeout = 10_000
        c.readTimeout = 10_000
        if (method != "GET") {
            c.doOutput = true
            c.setRequestProperty("content-type", "application/json")
            c.outputStream.use { it.write((body ?: "{}").toByteArray()) }
        }
        val text = (if (c.responseCode in 200..299) c.inputStream else c.errorStream).reader().readText()
        check(c.responseCode in 200..299) { "control $method $route: ${c.responseCode} $text" }
        return JsonParser.parseString(text).asJsonObject
    }

    fun reset() = control("POST", "reset")
    fun fault(rule: String) = control("POST", "faults", rule)
    fun requests(action: String = "PushBroadcast"): JsonArray =
        control("GET", "requests?action=$action").getAsJsonArray("requests")

    fun client(
        secret: String = SECRET,
        maxAttempts: Long? = null,
        id: String = ID,
        readTimeoutMs: Double? = null,
    ): Client = Client(
        ClientConfig(
            accessKeyId = id, accessKeySecret = secret, endpoint = url,
            retry = maxAttempts?.let { RetryConfig(maxAttempts = it) }, readTimeoutMs = readTimeoutMs,
        ),
    )

    fun setClock(offsetSeconds: Long) = control("POST", "clock", """{"offsetSeconds":$offsetSeconds}""")

    /** Moves the emulator's clock forward; tasks due by then execute (with figures). */
    fun advanceClock(seconds: Long) = control("POST", "clock", """{"advanceSeconds":$seconds}""")

    /** The emulator's stored scheduled and recurring tasks (`/_emulator/tasks`). */
    fun tasks(): JsonArray = control("GET", "tasks").getAsJsonArray("tasks")

    /** Every accepted broadcast, immediate ones included (`/_emulator/tasks?all=true`). */
    fun allTasks(): JsonArray = control("GET", "tasks?all=true").getAsJsonArray("tasks")

    override fun close() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
    }
}

private val counter = AtomicInteger()

/** A valid immediate Android broadcast. */
fun request(msgkey: String = "kt-${ProcessHandle.current().pid()}-${System.nanoTime()}-${counter.incrementAndGet()}") =
    BroadcastRequest(
        appId = "ONEX570DA89211721",
        workspaceId = "test",
        deliveryType = DeliveryType.ANDROID,
        msgkey = msgkey,
        expiredSeconds = 300,
        taskName = "群发 task",
        templateName = "news_tpl",
        templateKeyValue = mapOf("content" to "hello world*~"),
        bindPeriod = Period.DAYS7,
    )

private fun JsonObject.str(k: String): String? = get(k)?.takeUnless { it.isJsonNull }?.asString
private fun JsonObject.map(k: String): Map<String, String>? =
    getAsJsonObject(k)?.entrySet()?.associate { (key, v) -> key to v.asString }

private fun int(e: JsonElement?): Int? = e?.takeUnless { it.isJsonNull }?.asString?.toInt()

private fun period(e: JsonElement?): Period? = int(e)?.let { Period.entries[it - 1] }

private fun day(ms: Long): LocalDate =
    Instant.ofEpochMilli(ms).atOffset(ZoneOffset.ofHours(8)).toLocalDate()

/** The typed record of a neutral-JSON request vector (the forms the vectors use). */
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

/** The typed `schedule` of a vector ("immediate" | {at} | {every, days, start, end, time}) as a [Schedule]. */
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
