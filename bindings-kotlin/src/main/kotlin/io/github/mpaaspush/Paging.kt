@file:JvmName("Paging")

package io.github.mpaaspush

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

// Every item of the two list actions over the core's pagers (the core decides
// which page comes next); an error throws. Java: Paging.scheduledTasksBlocking(client, q).

/** Every scheduled task matching [query], page after page (cold: each collection starts again). */
fun ClientCore.scheduledTasks(query: SchedulerListQuery): Flow<ScheduledTask> = flow {
    scheduledTaskPager(query).use { p -> while (true) emit(p.next() ?: break) }
}

/** [scheduledTasks] for blocking callers: a lazy [Iterable] (each `iterator()` starts again). */
fun ClientCore.scheduledTasksBlocking(query: SchedulerListQuery): Iterable<ScheduledTask> = Iterable {
    val p = scheduledTaskPager(query)
    generateSequence { p.nextBlocking() ?: null.also { p.close() } }.iterator()
}

/** Every task report (with its sub-tasks) matching [query], page after page. */
fun ClientCore.taskReports(query: TaskListQuery): Flow<TaskReport> = flow {
    taskReportPager(query).use { p -> while (true) emit(p.next() ?: break) }
}

/** [taskReports] for blocking callers: a lazy [Iterable], like [scheduledTasksBlocking]. */
fun ClientCore.taskReportsBlocking(query: TaskListQuery): Iterable<TaskReport> = Iterable {
    val p = taskReportPager(query)
    generateSequence { p.nextBlocking() ?: null.also { p.close() } }.iterator()
}
