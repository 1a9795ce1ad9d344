package example

import io.github.mpaaspush.BroadcastRequest
import io.github.mpaaspush.CancelSchedulerRequest
import io.github.mpaaspush.Client
import io.github.mpaaspush.ClientConfig
import io.github.mpaaspush.DeliveryType
import io.github.mpaaspush.Period
import io.github.mpaaspush.Schedule
import io.github.mpaaspush.SchedulerListQuery
import io.github.mpaaspush.scheduledTasks
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit.DAYS
import java.time.temporal.ChronoUnit.SECONDS
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking

// Scheduled broadcasts, the whole walk: schedule a fixed-time and a weekly
// broadcast → list every scheduled task (all pages) → cancel one → list again.
// Credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET; the endpoint from
// MPAAS_PUSH_ENDPOINT (the emulator in scripts/kotlin.sh), else the default.
fun main() = runBlocking {
    val (app, ws) = "ONEX570DA89211721" to "default"
    Client.fromEnv(ClientConfig(endpoint = System.getenv("MPAAS_PUSH_ENDPOINT"))).use { client ->
        val news = BroadcastRequest(
            appId = app, workspaceId = ws, deliveryType = DeliveryType.ANDROID,
            msgkey = "walk-${System.currentTimeMillis()}", expiredSeconds = 300, taskName = "Daily news",
            templateName = "news_tpl", templateKeyValue = mapOf("content" to "Hello"), bindPeriod = Period.DAYS7,
        )
        // 1. Schedule: once, tomorrow; and Mon/Wed/Fri 09:00 (China time) for four weeks.
        val at = Instant.now().plus(1, DAYS).truncatedTo(SECONDS)
        val once = client.pushBroadcast(news.copy(schedule = Schedule.At(at))).taskId!!
        val today = LocalDate.now(ZoneOffset.ofHours(8))
        val weekly = Schedule.Weekly(listOf(1, 3, 5), today.plusDays(1), today.plusDays(28), java.time.LocalTime.of(9, 0))
        val recurring = client.pushBroadcast(news.copy(msgkey = news.msgkey + "-w", schedule = weekly)).taskId!!
        // 2. List what is due in the next 30 days, every page (5 tasks a page).
        val query = SchedulerListQuery(app, ws, Instant.now(), Instant.now().plus(30, DAYS), pageSize = 5)
        val tasks = client.scheduledTasks(query).toList()
        tasks.forEach { println("  ${it.uniqueId} at ${it.pushTime} (task ${it.parentId})") }
        // 3. Cancel the fixed-time broadcast, then list again.
        client.cancelSchedulers(CancelSchedulerRequest(app, ws, listOf(once)))
        val left = client.scheduledTasks(query).toList().map { it.uniqueId }
        println("kotlin: scheduled ${tasks.size} pushes, cancelled $once, ${left.size} left")

        // What this walk-through proves when scripts/kotlin.sh runs it.
        check(tasks.any { it.uniqueId == once } && once !in left) { "$once was not listed, or not cancelled" }
        check(tasks.count { it.parentId == recurring } > 5) { "expected more than one page of weekly runs" }
        check(left.size == tasks.size - 1) { "expected ${tasks.size - 1} tasks left, got $left" }
    }
}
