package io.github.mpaaspush

import java.time.Duration
import java.time.Instant

// Java builders over the generated records (conversion only: the core checks every value).

private fun Duration.ms(): Double = seconds * 1000.0 + nano / 1_000_000.0

/**
 * Builds a [ClientConfig] from Java: `new ClientConfigBuilder().accessKeyId(..).build()`.
 * Durations in milliseconds, or as `java.time.Duration`.
 */
class ClientConfigBuilder {
    private var c = ClientConfig()
    private fun retry(f: (RetryConfig) -> RetryConfig) = apply { c = c.copy(retry = f(c.retry ?: RetryConfig())) }
    fun accessKeyId(v: String?) = apply { c = c.copy(accessKeyId = v) }
    fun accessKeySecret(v: String?) = apply { c = c.copy(accessKeySecret = v) }
    fun securityToken(v: String?) = apply { c = c.copy(securityToken = v) }
    fun endpoint(v: String?) = apply { c = c.copy(endpoint = v) }
    fun allowHttp(v: Boolean) = apply { c = c.copy(allowHttp = v) }
    fun region(v: String?) = apply { c = c.copy(region = v) }
    fun signature(v: String?) = apply { c = c.copy(signature = v) }
    fun apiVersion(v: String?) = apply { c = c.copy(apiVersion = v) }
    fun connectTimeoutMs(v: Double) = apply { c = c.copy(connectTimeoutMs = v) }
    fun connectTimeout(v: Duration) = connectTimeoutMs(v.ms())
    fun readTimeoutMs(v: Double) = apply { c = c.copy(readTimeoutMs = v) }
    fun readTimeout(v: Duration) = readTimeoutMs(v.ms())
    fun totalTimeoutMs(v: Double) = apply { c = c.copy(totalTimeoutMs = v) }
    fun totalTimeout(v: Duration) = totalTimeoutMs(v.ms())
    fun maxAttempts(v: Long) = retry { it.copy(maxAttempts = v) }
    fun retryBaseDelayMs(v: Double) = retry { it.copy(baseDelayMs = v) }
    fun retryBaseDelay(v: Duration) = retryBaseDelayMs(v.ms())
    fun retryMaxDelayMs(v: Double) = retry { it.copy(maxDelayMs = v) }
    fun retryMaxDelay(v: Duration) = retryMaxDelayMs(v.ms())
    fun retryMaybeSent(v: Boolean) = retry { it.copy(retryMaybeSent = v) }
    fun proxy(v: String?) = apply { c = c.copy(proxy = v) }
    fun caFile(v: String?) = apply { c = c.copy(caFile = v) }
    fun userAgentSuffix(v: String?) = apply { c = c.copy(userAgentSuffix = v) }
    fun maxResponseBytes(v: Long) = apply { c = c.copy(maxResponseBytes = v) }
    fun build(): ClientConfig = c
}

/** Builds a [BroadcastRequest] from Java: the required fields in the constructor, the others as setters. */
class BroadcastRequestBuilder(
    appId: String, workspaceId: String, deliveryType: DeliveryType, msgkey: String,
    expiredSeconds: Long, taskName: String, templateName: String,
) {
    private var r = BroadcastRequest(appId, workspaceId, deliveryType, msgkey, expiredSeconds, taskName, templateName)
    fun templateKeyValue(v: Map<String, String>?) = apply { r = r.copy(templateKeyValue = v) }
    fun templateValue(key: String, value: String) =
        apply { r = r.copy(templateKeyValue = (r.templateKeyValue ?: emptyMap()) + (key to value)) }
    fun tenantId(v: String?) = apply { r = r.copy(tenantId = v) }
    fun pushStatus(v: PushStatus?) = apply { r = r.copy(pushStatus = v) }
    fun bindPeriod(v: Period?) = apply { r = r.copy(bindPeriod = v) }
    fun unBindPeriod(v: Period?) = apply { r = r.copy(unBindPeriod = v) }
    fun androidChannel(v: AndroidChannel?) = apply { r = r.copy(androidChannel = v) }
    fun classification(v: Classification?) = apply { r = r.copy(classification = v) }
    fun schedule(v: Schedule?) = apply { r = r.copy(schedule = v) }
    fun transparentMessagePayload(v: Map<PayloadVendor, String>?) = apply { r = r.copy(transparentMessagePayload = v) }
    fun payload(vendor: PayloadVendor, json: String) =
        apply { r = r.copy(transparentMessagePayload = (r.transparentMessagePayload ?: emptyMap()) + (vendor to json)) }
    fun transparentMessageUrgency(v: Urgency?) = apply { r = r.copy(transparentMessageUrgency = v) }
    fun thirdChannelCategory(v: Map<String, String>?) = apply { r = r.copy(thirdChannelCategory = v) }
    fun notifyLevel(v: Map<String, String>?) = apply { r = r.copy(notifyLevel = v) }
    fun miChannelId(v: String?) = apply { r = r.copy(miChannelId = v) }
    fun channelId(v: String?) = apply { r = r.copy(channelId = v) }
    fun notifyType(v: NotifyType?) = apply { r = r.copy(notifyType = v) }
    fun pushAction(v: PushAction?) = apply { r = r.copy(pushAction = v) }
    fun silent(v: Boolean?) = apply { r = r.copy(silent = v) }
    fun extendedParams(v: Map<String, String>?) = apply { r = r.copy(extendedParams = v) }
    fun build(): BroadcastRequest = r
}

/** Builds a [SchedulerListQuery] from Java: the window by trigger time in the constructor. */
class SchedulerListQueryBuilder(appId: String, workspaceId: String, startTime: Instant, endTime: Instant) {
    private var q = SchedulerListQuery(appId, workspaceId, startTime, endTime)
    fun tenantId(v: String?) = apply { q = q.copy(tenantId = v) }
    fun kind(v: PushKind?) = apply { q = q.copy(kind = v) }
    fun uniqueId(v: String?) = apply { q = q.copy(uniqueId = v) }
    fun pageNumber(v: Int?) = apply { q = q.copy(pageNumber = v) }
    fun pageSize(v: Int?) = apply { q = q.copy(pageSize = v) }
    fun build(): SchedulerListQuery = q
}

/** Builds a [CancelSchedulerRequest] from Java: `new CancelSchedulerRequestBuilder(app, ws, List.of(id)).build()`. */
class CancelSchedulerRequestBuilder(appId: String, workspaceId: String, uniqueIds: List<String>) {
    private var r = CancelSchedulerRequest(appId, workspaceId, uniqueIds)
    fun tenantId(v: String?) = apply { r = r.copy(tenantId = v) }
    fun idKind(v: UniqueIdKind?) = apply { r = r.copy(idKind = v) }
    fun build(): CancelSchedulerRequest = r
}

/** Builds a [RevokeTaskRequest] from Java; `sentAt` enables the 7-day check before sending. */
class RevokeTaskRequestBuilder(appId: String, workspaceId: String, taskId: String) {
    private var r = RevokeTaskRequest(appId, workspaceId, taskId)
    fun tenantId(v: String?) = apply { r = r.copy(tenantId = v) }
    fun sentAt(v: Instant?) = apply { r = r.copy(sentAt = v) }
    fun build(): RevokeTaskRequest = r
}

/** Builds a [RevokeMessageRequest] from Java. */
class RevokeMessageRequestBuilder(appId: String, workspaceId: String, messageId: String, targetId: String) {
    private var r = RevokeMessageRequest(appId, workspaceId, messageId, targetId)
    fun tenantId(v: String?) = apply { r = r.copy(tenantId = v) }
    fun build(): RevokeMessageRequest = r
}

/** Builds a [TaskDetailQuery] from Java. */
class TaskDetailQueryBuilder(appId: String, workspaceId: String, taskId: String) {
    private var q = TaskDetailQuery(appId, workspaceId, taskId)
    fun tenantId(v: String?) = apply { q = q.copy(tenantId = v) }
    fun build(): TaskDetailQuery = q
}

/** Builds a [TaskListQuery] from Java: tasks created since `startTime`, optional filters and paging as setters. */
class TaskListQueryBuilder(appId: String, workspaceId: String, startTime: Instant) {
    private var q = TaskListQuery(appId, workspaceId, startTime)
    fun tenantId(v: String?) = apply { q = q.copy(tenantId = v) }
    fun taskId(v: String?) = apply { q = q.copy(taskId = v) }
    fun taskName(v: String?) = apply { q = q.copy(taskName = v) }
    fun pageNumber(v: Int?) = apply { q = q.copy(pageNumber = v) }
    fun pageSize(v: Int?) = apply { q = q.copy(pageSize = v) }
    fun build(): TaskListQuery = q
}
