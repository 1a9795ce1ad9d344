@file:JvmName("MpaasPushExceptions")

package io.github.mpaaspush

// Family-independent accessors of MpaasPushException: every subclass carries
// the same properties, so `e.errorCode`, `e.errorField`, … work on the sealed
// base type. Java: MpaasPushExceptions.code(e), MpaasPushExceptions.field(e), …

private class Fields(
    val code: String, val detail: String, val requestId: String?, val httpStatus: Int?, val serviceCode: String?,
    val retryable: Boolean, val maybeSent: Boolean, val attempts: Int, val field: String?, val rule: String?,
    val value: String?, val timeoutKind: String?,
)

private fun MpaasPushException.fields(): Fields = when (this) {
    is MpaasPushException.Validation -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.Config -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.Credentials -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.Transport -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.Service -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.Throttled -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.ClockSkew -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.PushFailed -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
    is MpaasPushException.Internal -> Fields(code, detail, requestId, httpStatus, serviceCode, retryable, maybeSent, attempts, field, rule, value, timeoutKind)
}

/** Stable machine code: `validation`, `config`, `connect`, …, `internal`. */
@get:JvmName("code") val MpaasPushException.errorCode: String get() = fields().code
/** The human message of the core. */
@get:JvmName("detail") val MpaasPushException.errorDetail: String get() = fields().detail
/** Validation: the field path; config: the option. */
@get:JvmName("field") val MpaasPushException.errorField: String? get() = fields().field
/** Validation / config: the rule id, e.g. `required`, `no_nul`, `utf8`. */
@get:JvmName("rule") val MpaasPushException.errorRule: String? get() = fields().rule
/** Validation / config: the offending value as text (never a secret). */
@get:JvmName("value") val MpaasPushException.errorValue: String? get() = fields().value
/** `RequestId` of the response, when there was one. */
@get:JvmName("requestId") val MpaasPushException.errorRequestId: String? get() = fields().requestId
/** Whether the default retry policy retries this failure. */
@get:JvmName("retryable") val MpaasPushException.errorRetryable: Boolean get() = fields().retryable
/** Whether the request may have reached the service. */
@get:JvmName("maybeSent") val MpaasPushException.errorMaybeSent: Boolean get() = fields().maybeSent
/** HTTP status of the response, when there was one. */
@get:JvmName("httpStatus") val MpaasPushException.errorHttpStatus: Int? get() = fields().httpStatus
/** The gateway `Code` or MPS `ResultCode`, when there was one. */
@get:JvmName("serviceCode") val MpaasPushException.errorServiceCode: String? get() = fields().serviceCode
/** Attempts made (0 when nothing was sent). */
@get:JvmName("attempts") val MpaasPushException.errorAttempts: Int get() = fields().attempts
/** Timeout: `connect`, `read` or `total`. */
@get:JvmName("timeoutKind") val MpaasPushException.errorTimeoutKind: String? get() = fields().timeoutKind
