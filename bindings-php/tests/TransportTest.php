<?php
// The real transport through the PHP extension: HTTPS to the emulator
// serving TLS (`mpaas-push emulator --tls`, with certificates that must be
// accepted and ones that must be refused) and a real HTTP proxy (Debian's
// tinyproxy) with CONNECT and basic auth. Each scenario writes its row to
// target/reliability/php-transport-<name>.json for
// scripts/reliability_report.py (the same rows as the other languages).
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Client;
use MpaasPush\Exception\MpaasPushException;
use MpaasPush\Exception\TransportException;
use PHPUnit\Framework\Assert;
use PHPUnit\Framework\TestCase;

/** An emulator of its own (TLS unless told otherwise), stopped by stop(). */
final class OwnEmulator
{
    /** @var resource */
    private $proc;
    public readonly string $url;
    public readonly string $ca;
    private string $dir;

    public function __construct(array $extra = [], bool $tls = true)
    {
        $this->dir = sys_get_temp_dir() . '/mpaas-push-php-tls-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
        $this->ca = "{$this->dir}/ca.pem";
        $bin = getenv('MPAAS_PUSH_BIN') ?: REPO . '/target/debug/mpaas-push';
        $args = [$bin, 'emulator', '--port', '0', '--access-key', ID . ':' . SECRET, '--template', 'news_tpl=News: #content#'];
        if ($tls) {
            array_push($args, '--tls', '--tls-ca-out', $this->ca);
        }
        $this->proc = proc_open(array_merge($args, $extra), [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'],
            2 => ['file', '/dev/null', 'w']], $pipes);
        $first = (string) fgets($pipes[1]);
        $prefix = 'MPS emulator listening on ';
        Assert::assertStringStartsWith($prefix, $first);
        $this->url = trim(substr($first, strlen($prefix)));
    }

    public function pid(): int
    {
        return proc_get_status($this->proc)['pid'];
    }

    public function running(): bool
    {
        return proc_get_status($this->proc)['running'];
    }

    public function port(): int
    {
        return (int) substr($this->url, strrpos($this->url, ':') + 1);
    }

    /** Requests received (the control API read without checking the certificate: the client is under test). */
    public function received(): int
    {
        $h = curl_init("{$this->url}/_emulator/health");
        curl_setopt_array($h, [CURLOPT_RETURNTRANSFER => true, CURLOPT_PROXY => '', CURLOPT_NOPROXY => '*',
            CURLOPT_SSL_VERIFYPEER => false, CURLOPT_SSL_VERIFYHOST => 0, CURLOPT_TIMEOUT => 10]);
        $doc = json_decode((string) curl_exec($h), true);
        curl_close($h);
        return $doc['received'];
    }

    public function client(array $options = []): Client
    {
        return new Client(array_merge(['accessKeyId' => ID, 'accessKeySecret' => SECRET, 'endpoint' => $this->url,
            'proxy' => 'none', 'retry' => ['baseDelayMs' => 5, 'maxDelayMs' => 20]], $options));
    }

    public function stop(): void
    {
        proc_terminate($this->proc);
        proc_close($this->proc); // waits for it
        @unlink($this->ca);
        @rmdir($this->dir);
    }
}

/** Debian's tinyproxy on a free loopback port (basic auth when given); its log lists what it was asked. */
final class Tinyproxy
{
    /** @var resource */
    private $proc;
    public readonly int $port;
    private string $dir;

    public function __construct(?array $auth)
    {
        $bin = trim((string) shell_exec('command -v tinyproxy'));
        Assert::assertNotSame('', $bin, 'tinyproxy is needed: run scripts/install-test-deps.sh');
        $this->dir = sys_get_temp_dir() . '/mpaas-push-php-tinyproxy-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
        chmod($this->dir, 0777); // tinyproxy drops to `nobody` when started as root
        $this->port = freePort();
        $conf = "Port {$this->port}\nListen 127.0.0.1\nTimeout 30\nLogFile \"{$this->dir}/log\"\nLogLevel Connect\nMaxClients 50\n";
        if (posix_geteuid() === 0) {
            $conf .= "User nobody\nGroup nogroup\n";
        }
        if ($auth) {
            $conf .= "BasicAuth {$auth[0]} {$auth[1]}\n";
        }
        file_put_contents("{$this->dir}/conf", $conf);
        $this->proc = proc_open([$bin, '-d', '-c', "{$this->dir}/conf"], [0 => ['file', '/dev/null', 'r'],
            1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        $deadline = microtime(true) + 10;
        while (!($s = @stream_socket_client("tcp://127.0.0.1:{$this->port}", $errno, $errstr, 1))) {
            Assert::assertLessThan($deadline, microtime(true), "tinyproxy did not start on port {$this->port}");
            usleep(20_000);
        }
        fclose($s);
    }

    public function url(?array $auth = null): string
    {
        return 'http://' . ($auth ? "{$auth[0]}:{$auth[1]}@" : '') . "127.0.0.1:{$this->port}";
    }

    /** The requests it logged, e.g. `CONNECT 127.0.0.1:PORT HTTP/1.1`. */
    public function requests(): array
    {
        $out = [];
        foreach (explode("\n", (string) @file_get_contents("{$this->dir}/log")) as $line) {
            $at = strpos($line, '): ');
            if ($at !== false) {
                $rest = trim(substr($line, $at + 3));
                if (str_starts_with($rest, 'CONNECT ') || str_starts_with($rest, 'POST ')) {
                    $out[] = $rest;
                }
            }
        }
        return $out;
    }

    public function stop(): void
    {
        proc_terminate($this->proc, 9);
        proc_close($this->proc);
        array_map('unlink', glob("{$this->dir}/*") ?: []);
        @rmdir($this->dir);
    }
}

final class TransportTest extends TestCase
{
    private const PROXY_USER = 'proxy-user';
    private const PROXY_ENV = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy',
        'NO_PROXY', 'no_proxy'];
    private array $saved = [];

    protected function setUp(): void
    {
        // These tests choose the proxy; the machine's environment does not.
        foreach (self::PROXY_ENV as $name) {
            $this->saved[$name] = getenv($name);
            putenv($name);
        }
    }

    protected function tearDown(): void
    {
        foreach ($this->saved as $name => $value) {
            if ($value !== false) {
                putenv("$name=$value");
            }
        }
    }

    private static function record(string $name, string $what, ?MpaasPushException $e, int $accepted): void
    {
        $row = ['name' => $name, 'what' => $what, 'accepted' => $accepted];
        $row += $e === null ? ['outcome' => 'ok'] : ['outcome' => 'error', 'code' => $e->getErrorCode(),
            'maybeSent' => $e->isMaybeSent(), 'attempts' => $e->getAttempts()];
        @mkdir(REPO . '/target/reliability', 0777, true);
        file_put_contents(REPO . "/target/reliability/php-transport-$name.json",
            json_encode(['language' => 'php', 'transport' => [$row]]));
    }

    public function testHttpsWithTheCaAddedAndACompanionAction(): void
    {
        $emu = new OwnEmulator();
        try {
            $client = $emu->client(['caFile' => $emu->ca]);
            $this->assertNotEmpty($client->pushBroadcast(request())->requestId);
            $page = $client->querySchedulers(['appId' => 'ONEX570DA89211721', 'workspaceId' => 'test',
                'startTime' => new \DateTimeImmutable(), 'endTime' => new \DateTimeImmutable('+1 day')]);
            $this->assertSame([], $page['tasks']);
            $this->assertSame(2, $emu->received());
            self::record('https-ca-added', "HTTPS with the emulator's CA added (blocking, companion)", null, $emu->received());
        } finally {
            $emu->stop();
        }
    }

    public function testAMissingCaFileIsAConfigErrorNamingTheOption(): void
    {
        try {
            new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET, 'endpoint' => 'https://127.0.0.1:1',
                'caFile' => sys_get_temp_dir() . '/gone-' . bin2hex(random_bytes(4)) . '.pem']);
            $this->fail('no exception');
        } catch (\MpaasPush\Exception\ConfigException $e) {
            $this->assertSame(['config', 'caFile', 'certificates'], [$e->getErrorCode(), $e->getField(), $e->getRule()]);
        }
    }

    public static function refusals(): array
    {
        return [
            'untrusted CA' => [null, false, 'UnknownIssuer', 'https-untrusted-ca', 'HTTPS, the CA not added'],
            'other name' => ['other-name', true, 'not valid for name', 'https-other-name', 'HTTPS, a certificate for another name'],
            'expired' => ['expired', true, 'certificate expired', 'https-expired', 'HTTPS, an expired certificate'],
        ];
    }

    /** @dataProvider refusals */
    public function testACertificateThatMustBeRefused(?string $fault, bool $addCa, string $reason, string $name, string $what): void
    {
        $emu = new OwnEmulator($fault ? ['--tls-fault', $fault] : []);
        try {
            $client = $emu->client($addCa ? ['caFile' => $emu->ca] : []);
            try {
                $client->pushBroadcast(request());
                $this->fail('no exception');
            } catch (TransportException $e) {
                $this->assertSame(['tls', false, false, 1],
                    [$e->getErrorCode(), $e->isMaybeSent(), $e->isRetryable(), $e->getAttempts()], $e->getMessage());
                $this->assertStringContainsString("127.0.0.1:{$emu->port()}", $e->getMessage());
                $this->assertStringContainsString($reason, $e->getMessage());
                assertClean($e);
            }
            $this->assertSame(0, $emu->received(), 'nothing may reach the service');
            self::record($name, $what, $e, $emu->received());
        } finally {
            $emu->stop();
        }
    }

    public function testHttpsThroughARealProxyWithBasicAuth(): void
    {
        $proxy = new Tinyproxy([self::PROXY_USER, LEAK_PROXY_PASSWORD]);
        $emu = new OwnEmulator();
        try {
            $client = $emu->client(['caFile' => $emu->ca, 'proxy' => $proxy->url([self::PROXY_USER, LEAK_PROXY_PASSWORD])]);
            for ($i = 0; $i < 3; $i++) {
                $client->pushBroadcast(request());
            }
            assertClean($client);
            $this->assertSame(3, $emu->received());
            // One tunnel, kept alive for the three calls.
            $this->assertSame(["CONNECT 127.0.0.1:{$emu->port()} HTTP/1.1"], $proxy->requests());
            self::record('proxy-connect-auth', 'HTTPS through tinyproxy (CONNECT, basic auth)', null, $emu->received());
        } finally {
            $emu->stop();
            $proxy->stop();
        }
    }

    public function testAWrongProxyPasswordIsAProxyError(): void
    {
        $proxy = new Tinyproxy([self::PROXY_USER, LEAK_PROXY_PASSWORD]);
        $emu = new OwnEmulator();
        $wrong = 'wrong-Pw-99';
        try {
            $client = $emu->client(['caFile' => $emu->ca, 'proxy' => $proxy->url([self::PROXY_USER, $wrong])]);
            try {
                $client->pushBroadcast(request());
                $this->fail('no exception');
            } catch (TransportException $e) {
                $this->assertSame(['proxy', false, false, 1],
                    [$e->getErrorCode(), $e->isMaybeSent(), $e->isRetryable(), $e->getAttempts()], $e->getMessage());
                $this->assertStringContainsString("127.0.0.1:{$proxy->port}", $e->getMessage());
                foreach (array_merge(texts($e), texts($client)) as $text) {
                    $this->assertStringNotContainsString($wrong, $text);
                    $this->assertStringNotContainsString(self::PROXY_USER, $text);
                }
                assertClean($e, $client);
            }
            $this->assertSame(0, $emu->received());
            self::record('proxy-wrong-password', 'tinyproxy, wrong password', $e, $emu->received());
        } finally {
            $emu->stop();
            $proxy->stop();
        }
    }

    public function testAnUnreachableProxyIsAProxyError(): void
    {
        $emu = new OwnEmulator();
        try {
            $client = $emu->client(['caFile' => $emu->ca,
                'proxy' => 'http://u:' . LEAK_PROXY_PASSWORD . '@127.0.0.1:' . freePort()]);
            try {
                $client->pushBroadcast(request());
                $this->fail('no exception');
            } catch (TransportException $e) {
                $this->assertSame(['proxy', false, 1], [$e->getErrorCode(), $e->isMaybeSent(), $e->getAttempts()]);
                assertClean($e);
            }
            $this->assertSame(0, $emu->received());
            self::record('proxy-unreachable', 'a proxy where nothing listens', $e, $emu->received());
        } finally {
            $emu->stop();
        }
    }

    public function testTheEnvironmentsProxyIsHonouredByDefault(): void
    {
        $proxy = new Tinyproxy([self::PROXY_USER, LEAK_PROXY_PASSWORD]);
        $url = $proxy->url([self::PROXY_USER, LEAK_PROXY_PASSWORD]);
        $emu = new OwnEmulator();
        try {
            $connect = "CONNECT 127.0.0.1:{$emu->port()} HTTP/1.1";
            // No `proxy` option: the default reads the environment when the client is built.
            $send = fn (array $o = []) => (new Client(array_merge(['accessKeyId' => ID, 'accessKeySecret' => SECRET,
                'endpoint' => $emu->url, 'caFile' => $emu->ca, 'retry' => ['baseDelayMs' => 5]], $o)))
                ->pushBroadcast(request());
            foreach (['HTTPS_PROXY', 'https_proxy'] as $name) {
                putenv("$name=$url");
                $send();
                putenv($name);
            }
            $this->assertSame([$connect, $connect], $proxy->requests(), 'upper- and lower-case');
            $this->assertSame(2, $emu->received());
            self::record('proxy-env-default', 'HTTPS_PROXY / https_proxy from the environment, honoured by default',
                null, $emu->received());

            putenv("HTTPS_PROXY=$url");
            putenv('NO_PROXY=localhost,127.0.0.1');
            $send();
            $this->assertCount(2, $proxy->requests(), 'NO_PROXY bypasses the proxy');
            self::record('proxy-env-no-proxy', "NO_PROXY covering the host: the proxy's log shows no request", null, 1);

            putenv('NO_PROXY');
            $send(['proxy' => 'none']);
            $this->assertCount(2, $proxy->requests(), "an explicit 'none' wins over the environment");
            $this->assertSame(4, $emu->received());
            self::record('proxy-explicit-none', 'an explicit "no proxy" option wins over HTTPS_PROXY', null, 1);
        } finally {
            putenv('HTTPS_PROXY');
            putenv('NO_PROXY');
            $emu->stop();
            $proxy->stop();
        }
    }

    /**
     * The service dies mid-load: 10,000 sequential broadcasts through one
     * client with the default retry policy, the emulator stopped (every
     * connection dropped) 400 ms in by a process of its own, so that a call
     * may be on the wire when it dies. Every call resolves; none the
     * emulator accepted is reported unsent; once the core's retry budget is
     * spent the rest fail at their first attempt. (Sequential, the calls
     * that still retry each wait their backoff in turn: secondsAfterDeath is
     * reported, not asserted.)
     */
    public function testTheServiceDiesMidLoadEveryCallResolvesFastAndTruthfully(): void
    {
        $calls = 10_000;
        $tasksOut = sys_get_temp_dir() . '/mpaas-push-php-dies-' . bin2hex(random_bytes(4)) . '.json';
        $emu = new OwnEmulator(['--tasks-out', $tasksOut, '--max-stored-tasks', (string) (2 * $calls)], false);
        $client = new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET, 'endpoint' => $emu->url, 'proxy' => 'none']);
        $base = request();
        $outcomes = [];
        $started = microtime(true);
        $killer = proc_open(['sh', '-c', 'sleep 0.4; kill -TERM ' . $emu->pid()], [], $pipes);
        $died = null;
        for ($i = 0; $i < $calls; $i++) {
            $key = sprintf('php-dies-%05d-%s', $i, \MpaasPush\generateMsgkey());
            try {
                $outcomes[$key] = $client->pushBroadcast(['msgkey' => $key] + $base);
            } catch (MpaasPushException $e) {
                $outcomes[$key] = $e;
            }
            if ($died === null && !$emu->running()) {
                $died = microtime(true);
            }
        }
        $finished = microtime(true);
        proc_close($killer);
        $emu->stop();
        $client->close();
        $accepted = array_flip(array_map(fn ($t) => $t['msgkey'], json_decode((string) file_get_contents($tasksOut), true)));
        @unlink($tasksOut);
        $byCode = [];
        $falselyUnsent = 0;
        $okNotAccepted = 0;
        $ok = 0;
        $oneAttempt = 0;
        foreach ($outcomes as $key => $o) {
            if ($o instanceof MpaasPushException) {
                $kind = $o->getErrorCode() . ($o->isMaybeSent() ? ' (maybe sent)' : '');
                $falselyUnsent += (!$o->isMaybeSent() && isset($accepted[$key])) ? 1 : 0;
                $oneAttempt += $o->getAttempts() === 1 ? 1 : 0;
            } else {
                $kind = 'ok';
                $ok++;
                $okNotAccepted += isset($accepted[$key]) ? 0 : 1;
            }
            $byCode[$kind] = ($byCode[$kind] ?? 0) + 1;
        }
        ksort($byCode);
        $afterDeath = $died === null ? null : round($finished - $died, 2);
        $figures = ['calls' => $calls, 'inFlight' => 1, 'diesAfterMs' => 400, 'resolved' => count($outcomes),
            'outcomes' => $byCode, 'accepted' => count($accepted), 'falselyUnsent' => $falselyUnsent,
            'secondsAfterDeath' => $afterDeath, 'secondsTotal' => round($finished - $started, 2)];
        @mkdir(REPO . '/target/reliability', 0777, true);
        file_put_contents(REPO . '/target/reliability/php-dies.json', json_encode(['language' => 'php', 'dies' => $figures]));
        fwrite(STDERR, "\ndies mid-load: " . json_encode($figures) . "\n");

        $this->assertSame($calls, count($outcomes), json_encode($figures));
        $this->assertSame(0, $falselyUnsent, 'accepted but reported unsent: ' . json_encode($figures));
        $this->assertSame(0, $okNotAccepted, json_encode($figures));
        $this->assertNotNull($died, 'the emulator did not die during the load');
        $this->assertLessThan($calls, $ok, 'the service died before the end: ' . json_encode($figures));
        // The retry budget: after the first failures, no call retries any more.
        $failed = $calls - $ok;
        $this->assertGreaterThan(0.9 * $failed, $oneAttempt, "only $oneAttempt of $failed failed calls made one attempt");
    }

    public function testPlainHttpThroughARealProxy(): void
    {
        $proxy = new Tinyproxy(null);
        $emu = new OwnEmulator([], false);
        try {
            $emu->client(['proxy' => $proxy->url()])->pushBroadcast(request());
            $logged = $proxy->requests();
            $this->assertCount(1, $logged);
            $this->assertStringStartsWith("POST {$emu->url}/?", $logged[0]);
            self::record('proxy-plain-http', 'plain HTTP through tinyproxy (absolute form)', null, $emu->received());
        } finally {
            $emu->stop();
            $proxy->stop();
        }
    }
}
