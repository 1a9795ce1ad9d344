@file:JvmName("MpaasPushExceptions")

package io.github.mpaaspush

// Family-independent accessors of MpaasPushException: every subclass carries
// the same properties, so `e.code`, `e.maybeSent`, … work on the sealed base
// type. Java: MpaasPushExceptions.code(e), MpaasPushExceptions.maybeSent(e), …

private inline fun <T> MpaasPushException.pick(f: (Fields) -> T): T = f(fields())

private data class Fields(
    val code: String,
    val detail: String,
    val requestId: String?,
    val httpStatus: UShort?,
    val serviceCode: String?,
    val retryable: Boolean,
    val maybeSent: Boolean,
    val field: String?,
    val rule: String?,
    val value: String?,
    val attempts: UInt,
    val timeoutKind: String?,
    val clockOffsetSeconds: Long?,
    val recommend: String?,
)

private fun MpaasPushException.fields(): Fields = when (this) {
    is MpaasPushException.Validation -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.Config -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.Credentials -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.Transport -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.Service -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.Throttled -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.ClockSkew -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.PushFailed -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
    is MpaasPushException.Internal -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, field, rule, value, attempts, timeoutKind, clockOffsetSeconds, recommend)
}

/** Stable machine code: `validation`, `config`, `connect`, …, `internal`. */
@get:JvmName("code")
val MpaasPushException.errorCode: String get() = pick { it.code }

/** The human message of the core. */
@get:JvmName("detail")
val MpaasPushException.errorDetail: String get() = pick { it.detail }

/** Whether the request may have reached the service. */
@get:JvmName("maybeSent")
val MpaasPushException.errorMaybeSent: Boolean get() = pick { it.maybeSent }

/** Whether the default retry policy retries this failure. */
@get:JvmName("retryable")
val MpaasPushException.errorRetryable: Boolean get() = pick { it.retryable }

/** Validation: the field path, e.g. `strategyContent.endTime`. */
@get:JvmName("field")
val MpaasPushException.errorField: String? get() = pick { it.field }

/** `RequestId` of the response, when there was one. */
@get:JvmName("requestId")
val MpaasPushException.errorRequestId: String? get() = pick { it.requestId }

/** The gateway `Code` or MPS `ResultCode`, when there was one. */
@get:JvmName("serviceCode")
val MpaasPushException.errorServiceCode: String? get() = pick { it.serviceCode }

/** Validation: the rule id, e.g. `required`, `no_nul`, `utf8`. */
@get:JvmName("rule")
val MpaasPushException.errorRule: String? get() = pick { it.rule }

/** Validation: the offending value as text. */
@get:JvmName("value")
val MpaasPushException.errorValue: String? get() = pick { it.value }

/** HTTP status of the response, when there was one (Java: an `Integer`). */
@get:JvmName("httpStatus")
val MpaasPushException.errorHttpStatus: Int? get() = pick { it.httpStatus?.toInt() }

/** Attempts made (0 when nothing was sent). */
@get:JvmName("attempts")
val MpaasPushException.errorAttempts: Int get() = pick { it.attempts.toInt() }

/** Timeout: `connect`, `read` or `total`. */
@get:JvmName("timeoutKind")
val MpaasPushException.errorTimeoutKind: String? get() = pick { it.timeoutKind }

/** Clock skew: server minus local clock in seconds. */
@get:JvmName("clockOffsetSeconds")
val MpaasPushException.errorClockOffsetSeconds: Long? get() = pick { it.clockOffsetSeconds }

/** The gateway's `Recommend` troubleshooting URL. */
@get:JvmName("recommend")
val MpaasPushException.errorRecommend: String? get() = pick { it.recommend }
