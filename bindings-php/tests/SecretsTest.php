<?php
// Every error code of tests/vectors/error-codes.json provoked through the
// extension against the emulator, with distinctive STS credentials: the
// exception's class and code are right and no secret or token (raw or
// percent-encoded) shows in any text form of it (message, string form,
// var_dump, trace, accessors), nor in a dry run or the client itself.
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Client;
use MpaasPush\Exception;
use PHPUnit\Framework\TestCase;

final class SecretsTest extends TestCase
{
    private const CLASSES = [
        'validation' => Exception\ValidationException::class, 'config' => Exception\ConfigException::class,
        'credentials' => Exception\CredentialsException::class, 'connect' => Exception\TransportException::class,
        'tls' => Exception\TransportException::class, 'proxy' => Exception\TransportException::class,
        'timeout' => Exception\TransportException::class, 'connection_lost' => Exception\TransportException::class,
        'throttled' => Exception\ThrottledException::class, 'signature_mismatch' => Exception\ServiceException::class,
        'clock_skew' => Exception\ClockSkewException::class, 'auth' => Exception\ServiceException::class,
        'service' => Exception\ServiceException::class, 'push_failed' => Exception\PushFailedException::class,
        'invalid_response' => Exception\ServiceException::class, 'internal' => Exception\MpaasPushException::class,
    ];
    private const CREDENTIAL_ENV = ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        'ALIBABA_CLOUD_SECURITY_TOKEN', 'MPAAS_AK_ENV', 'MPAAS_SK_ENV', 'ALIBABA_CLOUD_CREDENTIALS_FILE',
        'ALIBABA_CLOUD_CONFIG_FILE', 'ALIBABA_CLOUD_PROFILE', 'HOME'];
    private array $saved = [];

    protected function setUp(): void
    {
        foreach (self::CREDENTIAL_ENV as $name) {
            $this->saved[$name] = getenv($name);
        }
    }

    protected function tearDown(): void
    {
        foreach ($this->saved as $name => $value) {
            putenv($value === false ? $name : "$name=$value");
        }
        if (function_exists('MpaasPush\Test\armCorePanic')) {
            \MpaasPush\Test\armCorePanic('none');
        }
    }

    public static function codes(): array
    {
        $out = [];
        foreach (vectors('error-codes.json')->codes as $c) {
            $out[$c->code] = [$c->code];
        }
        return $out;
    }

    /** A call that fails with `$code`, made with the leak-check STS keys. */
    private function provoke(string $code, Emulator $emu): \Closure
    {
        $once = ['maxAttempts' => 1];
        $keys = ['accessKeyId' => LEAK_ID, 'accessKeySecret' => LEAK_SECRET, 'securityToken' => LEAK_TOKEN];
        $client = fn (array $o = []) => new Client(array_merge($keys, ['endpoint' => $emu->url,
            'retry' => ['baseDelayMs' => 5, 'maxDelayMs' => 50]], $o));
        $broadcast = fn (array $o = [], array $fields = []) => fn () => $client($o)->pushBroadcast(request(null, $fields));
        $fault = function (array $spec, array $o = []) use ($emu, $broadcast) {
            $emu->fault(['fault' => $spec, 'action' => 'PushBroadcast']);
            return $broadcast($o);
        };
        switch ($code) {
            case 'validation':
                return $broadcast([], ['expiredSeconds' => 0]);
            case 'config':
                return fn () => new Client(array_merge($keys, ['endpoint' => 'http://mpaas.example.com']));
            case 'credentials':
                $home = sys_get_temp_dir() . '/mpaas-php-home-' . getmypid();
                @mkdir($home);
                foreach (self::CREDENTIAL_ENV as $name) {
                    putenv($name);
                }
                putenv("HOME=$home");
                putenv('ALIBABA_CLOUD_ACCESS_KEY_SECRET=' . LEAK_SECRET);
                putenv('ALIBABA_CLOUD_SECURITY_TOKEN=' . LEAK_TOKEN);
                return fn () => Client::fromEnv(['endpoint' => $emu->url])->pushBroadcast(request());
            case 'connect':
                return fn () => $client(['endpoint' => 'http://127.0.0.1:' . freePort(), 'retry' => $once])
                    ->pushBroadcast(request());
            case 'tls':
                return fn () => $client(['endpoint' => str_replace('http://', 'https://', $emu->url), 'proxy' => 'none'])
                    ->pushBroadcast(request());
            case 'proxy':
                $proxy = 'http://proxy-user:' . LEAK_PROXY_PASSWORD . '@127.0.0.1:' . freePort();
                return fn () => $client(['endpoint' => 'https://mpaas.cn-hangzhou.aliyuncs.com', 'proxy' => $proxy])
                    ->pushBroadcast(request());
            case 'timeout':
                return $fault(['type' => 'delay', 'ms' => 1500], ['readTimeoutMs' => 300]);
            case 'connection_lost':
                return $fault(['type' => 'drop_after_body']);
            case 'throttled':
                return $fault(['type' => 'throttle'], ['retry' => $once]);
            case 'signature_mismatch':
                return $broadcast(['accessKeySecret' => 'Lk9-wrong-secret-Rb4']);
            case 'clock_skew':
                $emu->setClock(3600);
                return $broadcast(['retry' => $once]);
            case 'auth':
                return $broadcast(['securityToken' => LEAK_OTHER_TOKEN]);
            case 'service':
                return $fault(['type' => 'status', 'status' => 500]);
            case 'push_failed':
                return $broadcast([], ['templateName' => 'missing_tpl']);
            case 'invalid_response':
                return $fault(['type' => 'malformed_json']);
            case 'internal':
                if (!function_exists('MpaasPush\Test\armCorePanic')) {
                    $this->fail('the suite needs the test-hooks build');
                }
                $c = $client();
                return function () use ($c) {
                    \MpaasPush\Test\armCorePanic('send');
                    return $c->pushBroadcast(request());
                };
        }
        $this->fail("no way to provoke $code");
    }

    /** @dataProvider codes */
    public function testEveryErrorCodeIsItsClassAndShowsNoSecret(string $code): void
    {
        $emu = Emulator::get()->reset();
        $call = $this->provoke($code, $emu);
        try {
            $call();
            $this->fail("$code: no exception");
        } catch (Exception\MpaasPushException $e) {
            $this->assertSame(self::CLASSES[$code], $e::class, $e->getMessage());
            $this->assertSame($code, $e->getErrorCode(), $e->getMessage());
            $this->assertInstanceOf(\Exception::class, $e);
            $this->assertSame(__FILE__, $e->getFile(), 'the exception points at the caller');
            assertClean($e);
        }
    }

    public function testDryRunsAndTheClientShowNoSecret(): void
    {
        $client = new Client(['accessKeyId' => LEAK_ID, 'accessKeySecret' => LEAK_SECRET,
            'securityToken' => LEAK_TOKEN, 'proxy' => 'http://u:' . LEAK_PROXY_PASSWORD . '@127.0.0.1:9']);
        $p = $client->prepareBroadcast(request());
        $this->assertSame(REDACTED, $p->signedParams['SecurityToken']);
        $acs3 = new Client(['accessKeyId' => LEAK_ID, 'accessKeySecret' => LEAK_SECRET,
            'securityToken' => LEAK_TOKEN, 'signature' => 'acs3-hmac-sha256']);
        $q = $acs3->prepare('QueryPushSchedulerList', ['appId' => 'ONEX570DA89211721', 'workspaceId' => 'test',
            'startTime' => 1764547200000, 'endTime' => 1767225600000]);
        $this->assertSame(REDACTED, $q->headers['x-acs-security-token']);
        assertClean($client, $p, $acs3, $q);
    }
}
