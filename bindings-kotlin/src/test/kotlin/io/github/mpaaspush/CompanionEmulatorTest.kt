package io.github.mpaaspush

import com.google.gson.JsonParser
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

// Issue 7: the six companion actions through the emulator — schedule, list
// (every page, with the Flow and the blocking Iterable), cancel, move the
// emulator's clock so tasks execute, read their figures, revoke — plus the
// retry rules (Query* retried after a 500, cancel and revoke not).
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompanionEmulatorTest {
    private lateinit var emu: Emulator

    private val app = "ONEX570DA89211721"
    private val ws = "test"
    private val china = ZoneOffset.ofHours(8)
    private val day = 86_400L

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

    private fun params(action: String, key: String): List<String?> =
        emu.requests(action).map { it.asJsonObject.getAsJsonObject("params").get(key)?.asString }

    private fun statuses(action: String): List<Int> = emu.requests(action).map { it.asJsonObject.get("status").asInt }

    /** A fixed-time broadcast one hour from now (whole seconds) and its task id. */
    private fun scheduleAt(client: Client, at: Instant = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)): Pair<String, Instant> {
        val r = client.pushBroadcastBlocking(request().copy(schedule = Schedule.At(at)))
        return r.taskId!! to at
    }

    /** A daily broadcast at 09:00 China time on the `days` days from tomorrow (China) on. */
    private fun scheduleDaily(client: Client, days: Long): Pair<String, List<Instant>> {
        val first = LocalDate.now(china).plusDays(1)
        val last = first.plusDays(days - 1)
        val r = client.pushBroadcastBlocking(
            request().copy(schedule = Schedule.Daily(first, last, LocalTime.of(9, 0))),
        )
        val runs = (0 until days).map { first.plusDays(it).atTime(LocalTime.of(9, 0)).toInstant(china) }
        return r.taskId!! to runs
    }

    private fun runId(taskId: String, at: Instant) =
        "$taskId-${at.atOffset(china).toLocalDate().toString().replace("-", "")}"

    private fun window(pageSize: Int? = null, from: Instant = Instant.now().minusSeconds(60)) =
        SchedulerListQuery(app, ws, from, from.plusSeconds(10 * day), pageSize = pageSize)

    @Test
    fun `schedule, list every page with the Flow, cancel, list again`() = runBlocking {
        emu.client().use { client ->
            val (fixed, at) = scheduleAt(client)
            val (later, _) = scheduleAt(client, at.plusSeconds(3600))
            val (daily, runs) = scheduleDaily(client, 3)
            val all = setOf(fixed, later) + runs.map { runId(daily, it) }

            // One page, typed.
            val first = client.querySchedulers(window(pageSize = 2))
            assertEquals(5L, first.totalCount)
            assertEquals(1 to 2, first.pageNumber to first.pageSize)
            assertEquals(2, first.tasks.size)
            assertEquals(2, first.nextPage)
            val t = first.tasks.first { it.uniqueId == fixed }
            assertEquals(fixed, t.parentId)
            assertEquals(at, t.pushTime)
            assertEquals(3L to PushKind.BROADCAST, t.kind to t.pushKind)
            assertEquals(1L to DeliveryType.ANDROID, t.deliveryType to t.delivery)
            assertEquals(StrategyType.FIXED, t.strategy)
            assertFalse(t.executed)
            assertEquals("News: hello world*~", t.pushContent)
            assertNotNull(t.createdAt)

            // Every page through the Flow: pages 1, 2, 3 as the core's nextPage said.
            val tasks = client.scheduledTasks(window(pageSize = 2)).toList()
            assertEquals(5, tasks.size)
            assertEquals(all, tasks.map { it.uniqueId }.toSet())
            // The first page is the service default (PageNumber not sent); then the core's nextPage.
            assertEquals(listOf(null, null, "2", "3"), params("QueryPushSchedulerList", "PageNumber"))
            assertEquals(listOf("2", "2", "2", "2"), params("QueryPushSchedulerList", "PageSize"))
            val recurring = tasks.filter { it.parentId == daily }
            assertEquals(runs, recurring.map { it.pushTime })
            assertTrue(recurring.all { it.strategy == StrategyType.RECURRING && !it.executed })

            // The Flow is lazy: three items need two pages; a page of 500 needs one.
            val asked = emu.requests("QueryPushSchedulerList").size()
            assertEquals(3, client.scheduledTasks(window(pageSize = 2)).take(3).toList().size)
            assertEquals(asked + 2, emu.requests("QueryPushSchedulerList").size())
            assertEquals(tasks, client.scheduledTasks(window()).toList())
            assertEquals(asked + 3, emu.requests("QueryPushSchedulerList").size())

            // Cancel one fixed-time task (suspend) and one run (blocking, child id).
            val c = client.cancelSchedulers(CancelSchedulerRequest(app, ws, listOf(fixed)))
            assertEquals("OK", c.resultCode)
            assertTrue(c.requestId.isNotEmpty())
            assertTrue(c.content!!.contains(fixed), c.content)
            val left = client.scheduledTasksBlocking(window(pageSize = 3)).map { it.uniqueId }
            assertEquals(4, left.size)
            assertFalse(fixed in left)
            assertTrue(later in left)
            val run = left.first { it.contains('-') }
            client.cancelSchedulersBlocking(CancelSchedulerRequest(app, ws, listOf(run), idKind = UniqueIdKind.CHILD))
            assertEquals("1", params("CancelPushScheduler", "Type").last())
            assertEquals(left - run, client.scheduledTasksBlocking(window()).map { it.uniqueId })

            // Cancelling it again: the service says no.
            val again = assertThrows(MpaasPushException.PushFailed::class.java) {
                client.cancelSchedulersBlocking(CancelSchedulerRequest(app, ws, listOf(fixed)))
            }
            assertEquals("3028", again.serviceCode)
            assertTrue(again.maybeSent)
        }
    }

    @Test
    fun `the clock moves, tasks execute, figures and reports follow`() = runBlocking {
        val since = Instant.now().minusSeconds(60)
        emu.client().use { client ->
            val now = client.pushBroadcastBlocking(request()).taskId!!
            val (fixed, at) = scheduleAt(client)
            val (daily, runs) = scheduleDaily(client, 3)

            val before = client.taskDetail(TaskDetailQuery(app, ws, fixed))
            assertEquals(fixed, before.taskId)
            assertEquals(0L to 0L, before.pushNum to before.pushSuccessNum)
            assertNull(before.startTime)

            emu.advanceClock(5 * day)

            val f = client.taskDetail(TaskDetailQuery(app, ws, fixed))
            assertEquals(Triple(1000L, 980L, 950.0), Triple(f.pushNum, f.pushSuccessNum, f.pushArrivalNum))
            assertEquals(at, f.startTime)
            assertEquals(at.plusSeconds(60), f.endTime)
            assertEquals("60s", f.duration)
            val d = client.taskDetailBlocking(TaskDetailQuery(app, ws, daily))
            assertEquals(Triple(3000L, 2940L, 2850.0), Triple(d.pushNum, d.pushSuccessNum, d.pushArrivalNum))
            assertEquals(runs.first() to runs.last().plusSeconds(60), d.startTime to d.endTime)

            // Executed tasks are listed as executed.
            val listed = client.scheduledTasksBlocking(window(from = since)).toList()
            assertEquals(4, listed.size)
            assertTrue(listed.all { it.executed })

            // Reports, newest first, with the runs as sub-tasks; a page of one at a time:
            // the core asks for pages 1..4 (the 4th comes back empty).
            val reports = client.taskReports(TaskListQuery(app, ws, since, pageSize = 1)).toList()
            assertEquals(listOf(daily, fixed, now), reports.map { it.taskId })
            assertEquals(listOf(null, "2", "3", "4"), params("QueryPushAnalysisTaskList", "PageNumber"))
            val r = reports.first()
            assertEquals(PushKind.BROADCAST, r.pushKind)
            assertEquals("news_tpl", r.templateName)
            assertEquals(runs.map { runId(daily, it) }, r.subTasks.map { it.taskId })
            assertEquals(runs, r.subTasks.map { it.createdAt })
            assertTrue(reports.drop(1).all { it.subTasks.isEmpty() })
            // One page, blocking, filtered by task id.
            val one = client.taskListBlocking(TaskListQuery(app, ws, since, taskId = fixed))
            assertEquals(listOf(fixed), one.tasks.map { it.taskId })
            assertEquals(1 to 500, one.pageNumber to one.pageSize)
            assertNull(one.nextPage)
            assertEquals(listOf(now), client.taskReportsBlocking(TaskListQuery(app, ws, since, taskId = now)).map { it.taskId })
        }
    }

    @Test
    fun `revoke within the window, then the service refuses after it`() = runBlocking {
        emu.client().use { client ->
            val req = request()
            val task = client.pushBroadcastBlocking(req).taskId!!
            val r = client.revokeTask(RevokeTaskRequest(app, ws, task, sentAt = Instant.now()))
            assertEquals(task, r.data)
            assertEquals("OK", r.resultCode)
            val m = client.revokeMessageBlocking(RevokeMessageRequest(app, ws, req.msgkey, "user-0001"))
            assertEquals(req.msgkey, m.data)
            val unknown = assertThrows(MpaasPushException.PushFailed::class.java) {
                runBlocking { client.revokeMessage(RevokeMessageRequest(app, ws, "no-such-msgkey", "user-0001")) }
            }
            assertEquals("MESSAGE_NOT_EXIST", unknown.serviceCode)

            // A scheduled task that has not run yet has nothing to revoke.
            val (pending, _) = scheduleAt(client)
            val notYet = assertThrows(MpaasPushException.PushFailed::class.java) {
                client.revokeTaskBlocking(RevokeTaskRequest(app, ws, pending))
            }
            assertEquals("TASK_NOT_PUSHED", notYet.serviceCode)

            // Eight days later the service refuses: PushFailed, it was sent.
            emu.advanceClock(8 * day)
            val late = assertThrows(MpaasPushException.PushFailed::class.java) {
                client.revokeTaskBlocking(RevokeTaskRequest(app, ws, task))
            }
            assertEquals("push_failed", late.code)
            assertEquals("REVOKE_WINDOW_EXPIRED", late.serviceCode)
            assertTrue(late.maybeSent)
            assertFalse(late.retryable)
            assertNotNull(late.requestId)

            // With sentAt the client refuses first: nothing reaches the service.
            val sent = emu.requests("RevokePushTask").size()
            val early = assertThrows(MpaasPushException.Validation::class.java) {
                client.revokeTaskBlocking(RevokeTaskRequest(app, ws, task, sentAt = Instant.now().minusSeconds(8 * day)))
            }
            assertEquals("sentAt" to "revoke_window", early.field to early.rule)
            assertEquals(sent, emu.requests("RevokePushTask").size())
        }
    }

    @Test
    fun `Query actions are retried after a 500`() {
        emu.client().use { client ->
            val task = client.pushBroadcastBlocking(request()).taskId!!
            val since = Instant.now().minusSeconds(60)
            val calls = listOf<Pair<String, () -> Any>>(
                "QueryPushSchedulerList" to { client.querySchedulersBlocking(window()) },
                "QueryPushAnalysisTaskDetail" to { client.taskDetailBlocking(TaskDetailQuery(app, ws, task)) },
                "QueryPushAnalysisTaskList" to { client.taskListBlocking(TaskListQuery(app, ws, since)) },
            )
            for ((action, call) in calls) {
                emu.fault("""{"fault":{"type":"status","status":500},"count":1,"action":"$action"}""")
                assertNotNull(call())
                assertEquals(listOf(500, 200), statuses(action), action)
            }
            assertEquals(1000L, client.taskDetailBlocking(TaskDetailQuery(app, ws, task)).pushNum)
        }
    }

    @Test
    fun `cancel and revoke after a 500 are not retried`() {
        emu.client().use { client ->
            val (fixed, _) = scheduleAt(client)
            emu.fault("""{"fault":{"type":"status","status":500},"count":1,"action":"CancelPushScheduler"}""")
            val e = assertThrows(MpaasPushException.Service::class.java) {
                client.cancelSchedulersBlocking(CancelSchedulerRequest(app, ws, listOf(fixed)))
            }
            assertTrue(e.maybeSent)
            assertFalse(e.retryable)
            assertEquals(500, e.httpStatus)
            assertEquals(1, e.attempts)
            assertEquals(listOf(500), statuses("CancelPushScheduler"))
            // The caller decides: here the 500 came before the service acted, so cancelling again works.
            assertEquals("OK", client.cancelSchedulersBlocking(CancelSchedulerRequest(app, ws, listOf(fixed))).resultCode)

            val task = client.pushBroadcastBlocking(request()).taskId!!
            emu.fault("""{"fault":{"type":"status","status":500},"count":1,"action":"RevokePushTask"}""")
            val r = assertThrows(MpaasPushException.Service::class.java) {
                runBlocking { client.revokeTask(RevokeTaskRequest(app, ws, task)) }
            }
            assertTrue(r.maybeSent)
            assertEquals(listOf(500), statuses("RevokePushTask"))
        }
    }

    @Test
    fun `after an error the pager asks for the same page again`() {
        emu.client(maxAttempts = 1).use { client ->
            repeat(3) { scheduleAt(client, Instant.now().plus(1L + it, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)) }
            client.scheduledTaskPager(window(pageSize = 2)).use { p ->
                assertNotNull(p.nextBlocking())
                assertNotNull(p.nextBlocking())
                emu.fault("""{"fault":{"type":"status","status":500},"count":1,"action":"QueryPushSchedulerList"}""")
                assertThrows(MpaasPushException.Service::class.java) { p.nextBlocking() }
                assertNotNull(runBlocking { p.next() })
                assertNull(p.nextBlocking())
                assertNull(runBlocking { p.next() })
            }
            assertEquals(listOf(null, "2", "2"), params("QueryPushSchedulerList", "PageNumber"))
        }
    }
}
