@file:JvmName("Paging")

package io.github.mpaaspush

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

// Every page of the two list actions, one item at a time. The loop only
// follows the core's `nextPage` (null on the last page): which page comes
// next, and when to stop, is decided by the core, never here. The iteration
// starts at the query's `pageNumber` (1 when null) and keeps its `pageSize`.
// An error ends the iteration by throwing the call's MpaasPushException.
// Java: Paging.scheduledTasksBlocking(client, query), Paging.taskReportsBlocking(client, query).

/**
 * Every scheduled task matching [query], page after page
 * (`QueryPushSchedulerList`). Cold: each collection starts again from the
 * query's page; cancelling the collector stops before the next page.
 */
fun Client.scheduledTasks(query: SchedulerListQuery): Flow<ScheduledTask> = flow {
    var q = query
    while (true) {
        val page = querySchedulers(q)
        for (task in page.tasks) emit(task)
        q = q.copy(pageNumber = page.nextPage ?: break)
    }
}

/**
 * [scheduledTasks] for blocking callers: a lazy [Iterable] that fetches
 * each page when the previous one is used up (each `iterator()` starts again
 * from the query's page). Java: `for (ScheduledTask t : Paging.scheduledTasksBlocking(client, q))`.
 */
fun Client.scheduledTasksBlocking(query: SchedulerListQuery): Iterable<ScheduledTask> = Iterable {
    iterator {
        var q = query
        while (true) {
            val page = querySchedulersBlocking(q)
            yieldAll(page.tasks)
            q = q.copy(pageNumber = page.nextPage ?: break)
        }
    }
}

/**
 * Every task report (with its sub-tasks) matching [query], page after page
 * (`QueryPushAnalysisTaskList`). Cold, like [scheduledTasks].
 */
fun Client.taskReports(query: TaskListQuery): Flow<TaskReport> = flow {
    var q = query
    while (true) {
        val page = taskList(q)
        for (task in page.tasks) emit(task)
        q = q.copy(pageNumber = page.nextPage ?: break)
    }
}

/** [taskReports] for blocking callers: a lazy [Iterable], like [scheduledTasksBlocking]. */
fun Client.taskReportsBlocking(query: TaskListQuery): Iterable<TaskReport> = Iterable {
    iterator {
        var q = query
        while (true) {
            val page = taskListBlocking(q)
            yieldAll(page.tasks)
            q = q.copy(pageNumber = page.nextPage ?: break)
        }
    }
}
