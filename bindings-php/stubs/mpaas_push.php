<?php
// IDE and static-analysis stubs of the mpaas_push extension (PHP 8.2).
// Not loaded at run time: the extension defines these. scripts/php.sh checks
// that every class, method and parameter here matches the built extension.
// phpcs:ignoreFile

namespace MpaasPush\Exception {
    /** Base of every mpaas-push exception (code `internal` when thrown itself: a bug, never a crash). */
    class MpaasPushException extends \Exception
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** A request rule failed; nothing was sent. */
    class ValidationException extends MpaasPushException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** Bad client configuration (or a closed client); nothing was sent. */
    class ConfigException extends MpaasPushException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** No usable credentials; nothing was sent. */
    class CredentialsException extends ConfigException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** Network failure: connect, tls, proxy, timeout or connection_lost. */
    class TransportException extends MpaasPushException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** The gateway or the service answered with an error (service, signature_mismatch, auth, invalid_response). */
    class ServiceException extends MpaasPushException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** Throttled by the gateway (Throttling*, HTTP 429). */
    class ThrottledException extends ServiceException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** The gateway rejected the timestamp: the local clock is off. */
    class ClockSkewException extends ServiceException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
    /** HTTP 2xx but the service did not accept the push. */
    class PushFailedException extends ServiceException
    {
        /** The stable error code: one of \MpaasPush\errorCodes() (`validation`, `config`, …, `internal`). */
        public function getErrorCode(): string {}
        /** The request field or option at fault (validation, config), e.g. `templateKeyValue.content`. */
        public function getField(): ?string {}
        /** The rule the field broke (`required`, `one_of`, `range`, …). */
        public function getRule(): ?string {}
        /** The offending value, when it may be shown (never a secret). */
        public function getValue(): ?string {}
        /** The gateway's request id, when there was a response. */
        public function getRequestId(): ?string {}
        /** The HTTP status, when there was a response. */
        public function getHttpStatus(): ?int {}
        /** The gateway's or the service's own error code (`Throttling.User`, …). */
        public function getServiceCode(): ?string {}
        /** Whether trying again later may succeed. */
        public function isRetryable(): bool {}
        /** Whether the request may have reached the service (a broadcast may have gone out). */
        public function isMaybeSent(): bool {}
        /** Attempts made (0 when nothing was sent). */
        public function getAttempts(): int {}
        /** The gateway's troubleshooting link, when given. */
        public function getRecommend(): ?string {}
        /** Server minus local clock in seconds (`clock_skew`). */
        public function getClockOffset(): ?int {}
        /** `connect`, `read` or `total` (`timeout`). */
        public function getTimeoutKind(): ?string {}
        /** The start of the response body (service errors). */
        public function getBodyExcerpt(): ?string {}
        /** Thrown by the extension only. */
        private function __construct() {}
    }
}

namespace MpaasPush {
    /**
     * The neutral request of a PushBroadcast: the spec's camelCase fields
     * (`appId`, `workspaceId`, `deliveryType`, `msgkey`, `expiredSeconds`,
     * `taskName`, `templateName`, `templateKeyValue`, `bindPeriod`, …;
     * `schedule` as `['at' => DateTimeInterface|string]` or `['every' =>
     * 'weekly', 'days' => [1, 3], 'start' => 'Y-m-d', 'end' => 'Y-m-d',
     * 'time' => 'H:i:s']`). Values may be DateTimeInterface, BackedEnum,
     * JsonSerializable or stdClass objects.
     * @phpstan-type Request array<string, mixed>|\stdClass
     */
    final class BroadcastRequest
    {
        /** Every field by its spec name; `null` is "not given". The core checks them when sent. */
        public function __construct(
            mixed $appId = null, mixed $workspaceId = null, mixed $deliveryType = null, mixed $msgkey = null,
            mixed $expiredSeconds = null, mixed $taskName = null, mixed $templateName = null,
            mixed $templateKeyValue = null, mixed $bindPeriod = null, mixed $unBindPeriod = null,
            mixed $pushStatus = null, mixed $tenantId = null, mixed $androidChannel = null,
            mixed $classification = null, mixed $schedule = null, mixed $transparentMessagePayload = null,
            mixed $transparentMessageUrgency = null, mixed $thirdChannelCategory = null,
            mixed $notifyLevel = null, mixed $miChannelId = null, mixed $channelId = null,
            mixed $notifyType = null, mixed $pushAction = null, mixed $silent = null,
            mixed $extendedParams = null,
        ) {}

        /** The fields given, as the neutral camelCase array. */
        public function toArray(): array {}
    }

    /**
     * A broadcast the service accepted.
     * @property-read string $requestId
     * @property-read ?string $taskId the push task id (to cancel or revoke); may be absent for immediate pushes
     * @property-read ?string $resultCode
     * @property-read ?string $resultMessage
     * @property-read ?string $pushResultMessage
     * @property-read int $httpStatus
     * @property-read bool $alreadyAccepted an earlier attempt was accepted (opt-in ambiguous retries): sent once
     */
    final class BroadcastResult
    {
        /** Returned by the extension only. */
        private function __construct() {}
        public function __get(string $name): mixed {}
        public function __isset(string $name): bool {}
        /** @return array<string, mixed> */
        public function toArray(): array {}
    }

    /**
     * The exact HTTP request a dry run signed; secrets are redacted.
     * @property-read string $method
     * @property-read string $url
     * @property-read array<string, string> $headers
     * @property-read string $body
     * @property-read string $signatureMethod `hmac-sha1` or `acs3-hmac-sha256`
     * @property-read array<string, string> $signedParams
     * @property-read ?string $canonicalRequest ACS3 only
     * @property-read string $stringToSign
     * @property-read string $signature
     * @property-read string $nonce
     * @property-read string $timestamp
     */
    final class PreparedRequest
    {
        /** Returned by the extension only. */
        private function __construct() {}
        public function __get(string $name): mixed {}
        public function __isset(string $name): bool {}
        /** @return array<string, mixed> */
        public function toArray(): array {}
    }

    /**
     * The items of a list action (arrays: a scheduled task or a task report),
     * page after page as the loop reaches them. A failed page throws; the
     * next step asks for it again.
     * @implements \Iterator<int, array<string, mixed>>
     */
    final class PageIterator implements \Iterator
    {
        /** Returned by the extension only. */
        private function __construct() {}
        public function current(): mixed {}
        public function key(): mixed {}
        public function next(): void {}
        public function rewind(): void {}
        public function valid(): bool {}
    }

    /**
     * A Message Push Service client. Create one per process and reuse it (one
     * connection pool). Every call validates before anything is sent, signs,
     * sends with timeouts and safe retries, and throws a
     * \MpaasPush\Exception\MpaasPushException subclass on failure.
     */
    final class Client implements \Stringable
    {
        /**
         * @param array<string, mixed>|\stdClass|null $options `accessKeyId`, `accessKeySecret`, `securityToken`,
         *   `endpoint`, `region`, `signature` (`hmac-sha1`|`acs3-hmac-sha256`), `connectTimeoutMs`,
         *   `readTimeoutMs`, `totalTimeoutMs`, `retry` => [`maxAttempts`, `baseDelayMs`, `maxDelayMs`,
         *   `retryMaybeSent`], `proxy`, `caFile`, `userAgentSuffix`, `maxResponseBytes`, `allowHttp`.
         *   Without a key pair, credentials come from the environment or the credential files.
         * @throws Exception\ConfigException a bad option (getField(), getRule())
         * @throws Exception\CredentialsException no credentials found
         */
        public function __construct(array|\stdClass|null $options = null) {}

        /**
         * Credentials from the environment or the credential files; `$options` are the others.
         * @param array<string, mixed>|\stdClass|null $options
         * @throws Exception\ConfigException
         */
        public static function fromEnv(array|\stdClass|null $options = null): Client {}

        /**
         * Validates, signs and sends one PushBroadcast.
         * @param array<string, mixed>|\stdClass|BroadcastRequest $request
         * @throws Exception\MpaasPushException isMaybeSent() tells whether it may have gone out
         */
        public function pushBroadcast(array|\stdClass|BroadcastRequest $request): BroadcastResult {}

        /**
         * Dry run: validates and signs, sends nothing.
         * @param array<string, mixed>|\stdClass|BroadcastRequest $request
         * @param array{nonce?: string, timestamp?: string|\DateTimeInterface}|null $pins
         * @throws Exception\ValidationException
         */
        public function prepareBroadcast(array|\stdClass|BroadcastRequest $request, ?array $pins = null): PreparedRequest {}

        /**
         * One page of scheduled tasks (QueryPushSchedulerList): `tasks`, `pageNumber`, `pageSize`, `totalCount`, `nextPage`.
         * @param array<string, mixed>|\stdClass $query `appId`, `workspaceId`, `startTime`, `endTime`, `type`, `uniqueId`, `pageNumber`, `pageSize`
         * @return array<string, mixed>
         */
        public function querySchedulers(array|\stdClass $query): array {}

        /**
         * Every scheduled task of `$query`, all pages: `foreach ($client->scheduledTasks($q) as $task)`.
         * @param array<string, mixed>|\stdClass $query
         */
        public function scheduledTasks(array|\stdClass $query): PageIterator {}

        /**
         * Cancels scheduled tasks or runs (CancelPushScheduler). A write: not retried once it may have been sent.
         * @param array<string, mixed>|\stdClass $request `appId`, `workspaceId`, `uniqueIds`, `type`
         * @return array<string, mixed>
         */
        public function cancelSchedulers(array|\stdClass $request): array {}

        /**
         * Withdraws the messages of a task of the last 7 days (RevokePushTask).
         * @param array<string, mixed>|\stdClass $request
         * @return array<string, mixed>
         */
        public function revokeTask(array|\stdClass $request): array {}

        /**
         * Withdraws one message (RevokePushMessage).
         * @param array<string, mixed>|\stdClass $request
         * @return array<string, mixed>
         */
        public function revokeMessage(array|\stdClass $request): array {}

        /**
         * Delivery figures of one task (QueryPushAnalysisTaskDetail).
         * @param array<string, mixed>|\stdClass $query
         * @return array<string, mixed>
         */
        public function taskDetail(array|\stdClass $query): array {}

        /**
         * One page of task reports (QueryPushAnalysisTaskList).
         * @param array<string, mixed>|\stdClass $query
         * @return array<string, mixed>
         */
        public function taskList(array|\stdClass $query): array {}

        /**
         * Every task report of `$query`, all pages.
         * @param array<string, mixed>|\stdClass $query
         */
        public function taskReports(array|\stdClass $query): PageIterator {}

        /**
         * Any action by its wire name (`'CancelPushScheduler'`) or snake_case form.
         * @param array<string, mixed>|\stdClass|BroadcastRequest $request
         * @return BroadcastResult|array<string, mixed>
         */
        public function send(string $action, array|\stdClass|BroadcastRequest $request): BroadcastResult|array {}

        /**
         * Dry run of any action.
         * @param array<string, mixed>|\stdClass|BroadcastRequest $request
         * @param array{nonce?: string, timestamp?: string|\DateTimeInterface}|null $pins
         */
        public function prepare(string $action, array|\stdClass|BroadcastRequest $request, ?array $pins = null): PreparedRequest {}

        /** Releases the connection pool; later calls throw ConfigException. */
        public function close(): void {}
        public function isClosed(): bool {}
        public function getEndpoint(): string {}
        public function getUserAgent(): string {}
        /** `Client(endpoint=…, userAgent=…)`: never a secret. */
        public function __toString(): string {}
        /** @return array{endpoint: string, userAgent: string, closed: bool} */
        public function __debugInfo(): ?array {}
    }

    /** The version of the native engine. */
    function version(): string {}

    /** A fresh unique Msgkey (UUID v4 text). */
    function generateMsgkey(): string {}

    /**
     * Every stable error code, in the order of the spec.
     * @return list<string>
     */
    function errorCodes(): array {}
}
