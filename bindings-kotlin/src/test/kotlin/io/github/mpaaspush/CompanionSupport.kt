package io.github.mpaaspush

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import java.time.Instant
import java.time.OffsetDateTime

// Test helpers of the companion actions (issue 7): neutral-JSON vectors →
// typed records, and one dispatch over the six typed dry runs. A vector
// whose request a typed record cannot express (a missing required field, a
// value of the wrong JSON type, an unknown field, an undefined enum value)
// converts to null: those cases run through prepareJson only.

private fun JsonElement?.present(): JsonElement? = this?.takeUnless { it.isJsonNull }

private fun JsonObject.text(k: String): String? =
    get(k).present()?.takeIf { it.isJsonPrimitive && it.asJsonPrimitive.isString }?.asString

/** An id given as a string or an integer (as the core reads it). */
private fun JsonObject.id(k: String): String? {
    val e = get(k).present() ?: return null
    if (!e.isJsonPrimitive) return null
    val p = e.asJsonPrimitive
    return when {
        p.isString -> p.asString
        p.isNumber && p.asString.all { it.isDigit() || it == '-' } -> p.asString
        else -> null
    }
}

private fun JsonObject.instant(k: String): Instant? {
    val p = get(k).present()?.takeIf { it.isJsonPrimitive }?.asJsonPrimitive ?: return null
    return when {
        // UniFFI 0.32's timestamp converter drops the sign of an instant
        // less than one second before the epoch (it sends seconds 0 and
        // positive nanos): such a value cannot cross as an Instant.
        p.isNumber && p.asLong in -999L..-1L -> null
        p.isNumber -> Instant.ofEpochMilli(p.asLong)
        p.isString -> runCatching { OffsetDateTime.parse(p.asString).toInstant() }.getOrNull()
        else -> null
    }
}

private fun JsonObject.int(k: String): Int? =
    get(k).present()?.takeIf { it.isJsonPrimitive && it.asJsonPrimitive.isNumber }?.asString?.toIntOrNull()

private inline fun <reified E : Enum<E>> JsonObject.enumOf(k: String): E? {
    val p = get(k).present()?.takeIf { it.isJsonPrimitive }?.asJsonPrimitive ?: return null
    val all = enumValues<E>()
    return if (p.isNumber) all.getOrNull(p.asInt) else all.firstOrNull { it.name.equals(p.asString, ignoreCase = true) }
}

private class Unrepresentable : Exception()

private fun <T> need(v: T?): T = v ?: throw Unrepresentable()

/** Only these keys (else: not expressible by the record). */
private fun JsonObject.only(vararg keys: String) {
    if (!keySet().all { it in keys }) throw Unrepresentable()
}

/** Wraps "absent or convertible": a present key that does not convert is unrepresentable. */
private fun <T> JsonObject.opt(k: String, read: JsonObject.(String) -> T?): T? =
    if (get(k).present() == null) null else need(read(k))

/** The typed record of a companion request vector, or null when a record cannot express it. */
fun typedCompanion(action: String, r: JsonObject): Any? = try {
    val app = need(r.text("appId"))
    val ws = need(r.text("workspaceId"))
    val tenant = r.opt("tenantId") { text(it) }
    when (action) {
        "QueryPushSchedulerList" -> {
            r.only("appId", "workspaceId", "tenantId", "startTime", "endTime", "type", "uniqueId", "pageNumber", "pageSize")
            SchedulerListQuery(
                appId = app, workspaceId = ws,
                startTime = need(r.instant("startTime")), endTime = need(r.instant("endTime")),
                tenantId = tenant,
                kind = r.opt("type") { enumOf<PushKind>(it) },
                uniqueId = r.opt("uniqueId") { id(it) },
                pageNumber = r.opt("pageNumber") { int(it) },
                pageSize = r.opt("pageSize") { int(it) },
            )
        }
        "CancelPushScheduler" -> {
            r.only("appId", "workspaceId", "tenantId", "uniqueIds", "type")
            val ids = need(r.get("uniqueIds").present()).let { e ->
                if (!e.isJsonArray) throw Unrepresentable()
                e.asJsonArray.map { item ->
                    val o = JsonObject().apply { add("x", item) }
                    need(o.id("x"))
                }
            }
            CancelSchedulerRequest(app, ws, ids, tenantId = tenant, idKind = r.opt("type") { enumOf<UniqueIdKind>(it) })
        }
        "RevokePushTask" -> {
            r.only("appId", "workspaceId", "tenantId", "taskId", "sentAt")
            RevokeTaskRequest(app, ws, need(r.id("taskId")), tenantId = tenant, sentAt = r.opt("sentAt") { instant(it) })
        }
        "RevokePushMessage" -> {
            r.only("appId", "workspaceId", "tenantId", "messageId", "targetId")
            RevokeMessageRequest(app, ws, need(r.id("messageId")), need(r.id("targetId")), tenantId = tenant)
        }
        "QueryPushAnalysisTaskDetail" -> {
            r.only("appId", "workspaceId", "tenantId", "taskId")
            TaskDetailQuery(app, ws, need(r.id("taskId")), tenantId = tenant)
        }
        "QueryPushAnalysisTaskList" -> {
            r.only("appId", "workspaceId", "tenantId", "startTime", "taskId", "taskName", "pageNumber", "pageSize")
            TaskListQuery(
                app, ws, need(r.instant("startTime")), tenantId = tenant,
                taskId = r.opt("taskId") { id(it) },
                taskName = r.opt("taskName") { text(it) },
                pageNumber = r.opt("pageNumber") { int(it) },
                pageSize = r.opt("pageSize") { int(it) },
            )
        }
        else -> error("unknown action $action")
    }
} catch (_: Unrepresentable) {
    null
}

/** The typed dry run of [request] (one of the six companion records). */
fun Client.prepareTyped(request: Any, nonce: String? = null, timestamp: Instant? = null): PreparedRequest =
    when (request) {
        is SchedulerListQuery -> prepareQuerySchedulers(request, nonce, timestamp)
        is CancelSchedulerRequest -> prepareCancelSchedulers(request, nonce, timestamp)
        is RevokeTaskRequest -> prepareRevokeTask(request, nonce, timestamp)
        is RevokeMessageRequest -> prepareRevokeMessage(request, nonce, timestamp)
        is TaskDetailQuery -> prepareTaskDetail(request, nonce, timestamp)
        is TaskListQuery -> prepareTaskList(request, nonce, timestamp)
        else -> error("not a companion request: $request")
    }
