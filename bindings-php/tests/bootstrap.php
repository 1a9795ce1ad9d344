<?php
// The PHP suite's shared helpers: one emulator subprocess (`mpaas-push
// emulator`, the binary named by MPAAS_PUSH_BIN) for the whole run, its
// control API (/_emulator/...), the shared vectors and the secret-leak
// checks. The extension under test is loaded by the php command line
// (scripts/php.sh); the suite fails at once when it is missing.
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Client;
use PHPUnit\Framework\Assert;

if (!class_exists(Client::class)) {
    fwrite(STDERR, "the mpaas_push extension is not loaded (php -d extension=...)\n");
    exit(1);
}

const REPO = __DIR__ . '/../..';
const ID = 'testid';
const SECRET = 'testsecret';
const WRONG_SECRET = 'wrong-secret-value';
const LEAK_ID = 'STS.leakcheck-id';
const LEAK_SECRET = 'Lk9-secret-Qz7wX2pV';
const LEAK_TOKEN = 'CAISleak+Tok/En=9Fh3';
const LEAK_OTHER_TOKEN = 'CAISother+Tok/En=2Jm8';
const LEAK_PROXY_PASSWORD = 'Px7-proxy-pw-Vn3';
const REDACTED = '** redacted **';

/** Every secret of the suite, raw and in the encodings a request uses. */
function secrets(): array
{
    return [
        SECRET, WRONG_SECRET, LEAK_SECRET, LEAK_TOKEN, LEAK_OTHER_TOKEN, LEAK_PROXY_PASSWORD,
        'CAIS+token/with=chars', 'token/with=chars', 'CAIS%2Btoken', 'CAIS%252Btoken',
        'secret-Qz7wX2pV', 'Tok/En=9Fh3', 'Tok/En=2Jm8',
        rawurlencode(LEAK_TOKEN), rawurlencode(rawurlencode(LEAK_TOKEN)), rawurlencode(LEAK_OTHER_TOKEN),
        'opt-secret-Zq81', 'sts-token-Vb02', 'proxy-pw-77',
    ];
}

/** A vector file of tests/vectors as objects (JSON objects stay objects). */
function vectors(string $name): object
{
    return json_decode((string) file_get_contents(REPO . "/tests/vectors/$name"), false, 512, JSON_THROW_ON_ERROR);
}

/** Every text a user could see of a value (exceptions: every accessor too). */
function texts(mixed $v): array
{
    $out = [print_r($v, true), var_export($v, true)];
    ob_start();
    var_dump($v);
    $out[] = (string) ob_get_clean();
    if ($v instanceof \Throwable) {
        $out[] = (string) $v;
        $out[] = $v->getMessage();
        $out[] = $v->getTraceAsString();
    }
    if ($v instanceof \MpaasPush\Exception\MpaasPushException) {
        $out[] = json_encode(accessors($v));
    }
    if (is_object($v) && method_exists($v, 'toArray')) {
        $out[] = json_encode($v->toArray());
    }
    if ($v instanceof Client) {
        $out[] = (string) $v;
    }
    return $out;
}

/** Every accessor of an exception. */
function accessors(\MpaasPush\Exception\MpaasPushException $e): array
{
    return [
        'code' => $e->getErrorCode(), 'field' => $e->getField(), 'rule' => $e->getRule(),
        'value' => $e->getValue(), 'requestId' => $e->getRequestId(), 'httpStatus' => $e->getHttpStatus(),
        'serviceCode' => $e->getServiceCode(), 'retryable' => $e->isRetryable(), 'maybeSent' => $e->isMaybeSent(),
        'attempts' => $e->getAttempts(), 'recommend' => $e->getRecommend(), 'clockOffset' => $e->getClockOffset(),
        'timeoutKind' => $e->getTimeoutKind(), 'bodyExcerpt' => $e->getBodyExcerpt(),
    ];
}

/** No secret (raw or percent-encoded) in any text form of the values. */
function assertClean(mixed ...$values): void
{
    foreach ($values as $v) {
        foreach (texts($v) as $text) {
            foreach (secrets() as $s) {
                Assert::assertStringNotContainsString($s, $text, 'a secret leaked in ' . get_debug_type($v));
            }
        }
    }
}

/** A loopback port nothing listens on. */
function freePort(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $name = stream_socket_get_name($s, false);
    fclose($s);
    return (int) substr($name, strrpos($name, ':') + 1);
}

/** A valid immediate Android broadcast (neutral camelCase array). */
function request(?string $msgkey = null, array $overrides = []): array
{
    return array_merge([
        'appId' => 'ONEX570DA89211721', 'workspaceId' => 'test', 'deliveryType' => 'android',
        'msgkey' => $msgkey ?? \MpaasPush\generateMsgkey(), 'expiredSeconds' => 300,
        'taskName' => '群发 task', 'templateName' => 'news_tpl',
        'templateKeyValue' => ['content' => 'hello world*~'], 'bindPeriod' => '7d',
    ], $overrides);
}

/** The emulator subprocess of the run and its control API. */
final class Emulator
{
    private static ?Emulator $instance = null;
    /** @var resource */
    private $proc;
    public readonly string $url;

    public static function get(): self
    {
        return self::$instance ??= new self();
    }

    private function __construct()
    {
        $bin = getenv('MPAAS_PUSH_BIN') ?: REPO . '/target/debug/mpaas-push';
        if (!is_file($bin)) {
            throw new \RuntimeException("mpaas-push binary not found at $bin: set MPAAS_PUSH_BIN");
        }
        $args = [$bin, 'emulator', '--port', '0', '--template', 'news_tpl=News: #content#'];
        foreach ([ID . ':' . SECRET, LEAK_ID . ':' . LEAK_SECRET . ':' . LEAK_TOKEN] as $key) {
            array_push($args, '--access-key', $key);
        }
        $this->proc = proc_open($args, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => STDERR], $pipes);
        $first = (string) fgets($pipes[1]);
        $prefix = 'MPS emulator listening on ';
        if (!str_starts_with($first, $prefix)) {
            throw new \RuntimeException("emulator did not start: $first");
        }
        $this->url = trim(substr($first, strlen($prefix)));
        register_shutdown_function(function (): void {
            proc_terminate($this->proc);
            proc_close($this->proc);
        });
    }

    public function control(string $method, string $route, mixed $body = null): array
    {
        $h = curl_init("{$this->url}/_emulator/$route");
        curl_setopt_array($h, [
            CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_PROXY => '',
            CURLOPT_NOPROXY => '*', CURLOPT_TIMEOUT => 10, CURLOPT_HTTPHEADER => ['content-type: application/json'],
        ]);
        if ($method !== 'GET') {
            curl_setopt($h, CURLOPT_POSTFIELDS, json_encode($body ?? new \stdClass()));
        }
        $text = curl_exec($h);
        $status = curl_getinfo($h, CURLINFO_RESPONSE_CODE);
        curl_close($h);
        Assert::assertTrue($status >= 200 && $status < 300, "control $method $route: $status");
        return json_decode((string) $text, true, 512, JSON_THROW_ON_ERROR);
    }

    public function reset(): self
    {
        $this->control('POST', 'reset');
        return $this;
    }

    public function fault(mixed $rule): void
    {
        $this->control('POST', 'faults', $rule);
    }

    public function requests(?string $action = null): array
    {
        return $this->control('GET', $action === null ? 'requests' : "requests?action=$action")['requests'];
    }

    public function tasks(bool $all = false): array
    {
        return $this->control('GET', $all ? 'tasks?all=true' : 'tasks')['tasks'];
    }

    public function received(): int
    {
        return $this->control('GET', 'health')['received'];
    }

    public function setClock(int $offsetSeconds): void
    {
        $this->control('POST', 'clock', ['offsetSeconds' => $offsetSeconds]);
    }

    public function client(string $id = ID, string $secret = SECRET, ?string $token = null, array $options = []): Client
    {
        return new Client(array_merge([
            'accessKeyId' => $id, 'accessKeySecret' => $secret, 'securityToken' => $token,
            'endpoint' => $this->url, 'retry' => ['baseDelayMs' => 5, 'maxDelayMs' => 50],
        ], $options));
    }
}
