<?php
// Reliability through the PHP extension: the shared fault matrix
// (tests/reliability/faults.json, the same runner as tests/tests/reliability.rs)
// and load: 10,000 sequential broadcasts through one client (PHP-FPM serves
// one request per process), then 100 client create → call → close cycles.
// What was observed goes to target/reliability/php.json for
// scripts/reliability_report.py.
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Client;
use MpaasPush\Exception\MpaasPushException;
use PHPUnit\Framework\TestCase;

final class ReliabilityTest extends TestCase
{
    private const OUT = REPO . '/target/reliability/php.json';
    private const CALLS = 10_000; // the emulator records at most 10,000: all of them
    private const CYCLES = 100;

    public static function setUpBeforeClass(): void
    {
        @unlink(self::OUT); // this run's observations only
    }

    private static function table(): object
    {
        return json_decode((string) file_get_contents(REPO . '/tests/reliability/faults.json'), false, 512, JSON_THROW_ON_ERROR);
    }

    private static function record(string $key, mixed $value): void
    {
        $doc = is_file(self::OUT) ? json_decode((string) file_get_contents(self::OUT), true) : ['language' => 'php'];
        $doc[$key] = $value;
        @mkdir(dirname(self::OUT), 0777, true);
        file_put_contents(self::OUT, json_encode($doc, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
    }

    private static function matrixClient(object $table, string $endpoint, array $overrides): Client
    {
        $c = array_merge((array) $table->clientDefaults, $overrides);
        return new Client([
            'accessKeyId' => ID, 'accessKeySecret' => SECRET, 'endpoint' => $endpoint,
            'connectTimeoutMs' => $c['connectTimeoutMs'], 'readTimeoutMs' => $c['readTimeoutMs'],
            'totalTimeoutMs' => $c['totalTimeoutMs'],
            'retry' => ['maxAttempts' => $c['maxAttempts'], 'baseDelayMs' => $c['baseDelayMs'],
                'maxDelayMs' => $c['maxDelayMs'], 'retryMaybeSent' => $c['retryMaybeSent']],
        ]);
    }

    /** One scenario on a reset emulator; the row of what was observed. */
    private static function runScenario(Emulator $emu, object $table, object $sc): array
    {
        $emu->reset();
        if (isset($sc->clockOffsetSeconds)) {
            $emu->setClock($sc->clockOffsetSeconds);
        }
        foreach ($sc->faults as $f) {
            $emu->fault($f);
        }
        $endpoint = ($sc->endpoint ?? null) === 'closed-port' ? 'http://127.0.0.1:' . freePort() : $emu->url;
        $msgkey = \MpaasPush\generateMsgkey();
        $request = $table->request;
        $request = (object) array_merge((array) $request, ['msgkey' => $msgkey]);
        $seen = ['name' => $sc->name];
        $client = self::matrixClient($table, $endpoint, (array) ($sc->client ?? []));
        try {
            $result = $client->pushBroadcast($request);
            $seen += ['outcome' => 'ok', 'alreadyAccepted' => $result->alreadyAccepted];
        } catch (MpaasPushException $e) {
            assertClean($e);
            $seen += ['outcome' => 'error', 'code' => $e->getErrorCode(), 'maybeSent' => $e->isMaybeSent(),
                'clientAttempts' => $e->getAttempts()];
            foreach (['httpStatus' => $e->getHttpStatus(), 'timeoutKind' => $e->getTimeoutKind(),
                'serviceCode' => $e->getServiceCode()] as $k => $v) {
                if ($v !== null) {
                    $seen[$k] = $v;
                }
            }
        } finally {
            $client->close();
        }
        $seen['emulatorAttempts'] = count($emu->requests('PushBroadcast'));
        $seen['accepted'] = count(array_filter($emu->tasks(true), fn ($t) => ($t['msgkey'] ?? null) === $msgkey));
        return $seen;
    }

    public function testTheTableIsTheSharedOne(): void
    {
        $names = array_map(fn ($s) => $s->name, self::table()->scenarios);
        $this->assertGreaterThanOrEqual(20, count($names));
        $this->assertSame(count($names), count(array_unique($names)));
        foreach (['connection-refused', 'drop-after-body-opt-in', 'body-50-mb', 'clock-skew'] as $n) {
            $this->assertContains($n, $names);
        }
    }

    public function testFaultMatrix(): void
    {
        $emu = Emulator::get();
        $table = self::table();
        $rows = [];
        $failures = [];
        foreach ($table->scenarios as $sc) {
            $seen = self::runScenario($emu, $table, $sc);
            $this->assertLessThanOrEqual(1, $seen['accepted'], json_encode($seen));
            $bad = [];
            foreach ((array) $sc->expect as $k => $v) {
                if (($seen[$k] ?? null) !== $v) {
                    $bad[] = "$k: expected " . json_encode($v) . ', observed ' . json_encode($seen[$k] ?? null);
                }
            }
            if ($bad) {
                $failures[] = "{$sc->name}: " . implode('; ', $bad);
            }
            $rows[] = $seen;
        }
        self::record('observed', $rows); // written whatever the outcome, then judged
        $this->assertSame([], $failures);
    }

    private static function openFds(): int
    {
        return count(scandir('/proc/self/fd')) - 2;
    }

    private static function status(string $key): float
    {
        preg_match("/^$key:\\s+(\\d+)/m", (string) file_get_contents('/proc/self/status'), $m);
        return round(((int) ($m[1] ?? 0)) / 1024, 1);
    }

    public function testLoadOneClientThenClientCycles(): void
    {
        $emu = Emulator::get()->reset();
        $table = self::table();
        $base = (array) $table->request;
        $msgkeys = [];
        for ($i = 0; $i < self::CALLS; $i++) {
            $msgkeys[] = sprintf('load-%05d-%s', $i, \MpaasPush\generateMsgkey());
        }
        $client = $emu->client();
        $receivedBefore = $emu->received();
        @file_put_contents('/proc/self/clear_refs', '5'); // peak RSS of this test only, where allowed
        $started = microtime(true);
        $outcomes = [];
        foreach ($msgkeys as $key) {
            $base['msgkey'] = $key;
            try {
                $outcomes[$key][] = $client->pushBroadcast($base);
            } catch (MpaasPushException $e) {
                $outcomes[$key][] = $e;
            }
        }
        $elapsed = microtime(true) - $started; // reported, never asserted
        $peak = self::status('VmHWM');
        $client->close();
        $received = $emu->received() - $receivedBefore;
        $resolved = array_sum(array_map('count', $outcomes));
        $lost = count(array_filter($msgkeys, fn ($k) => !isset($outcomes[$k])));
        $errors = [];
        foreach ($outcomes as $list) {
            foreach ($list as $o) {
                if ($o instanceof \Throwable) {
                    $errors[] = $o->getMessage();
                }
            }
        }
        $ours = array_flip($msgkeys);
        $requests = $emu->requests('PushBroadcast');
        $accepted = array_values(array_filter(array_map(fn ($t) => $t['msgkey'] ?? null, $emu->tasks(true)),
            fn ($k) => $k !== null && isset($ours[$k])));
        $duplicated = (count($accepted) - count(array_unique($accepted))) + max(0, $received - self::CALLS);

        // 100 cycles of create → one call → close.
        gc_collect_cycles();
        $fdsBefore = self::openFds();
        for ($i = 0; $i < self::CYCLES; $i++) {
            $c = $emu->client();
            $c->pushBroadcast(array_merge($base, ['msgkey' => "cycle-$i-" . \MpaasPush\generateMsgkey()]));
            $c->close();
            unset($c);
        }
        gc_collect_cycles();
        $fdsAfter = self::openFds();

        $load = ['calls' => self::CALLS, 'inFlight' => 1, 'resolved' => $resolved, 'lost' => $lost,
            'duplicated' => $duplicated, 'peakRssMiB' => $peak, 'fdsBefore' => $fdsBefore, 'fdsAfter' => $fdsAfter];
        self::record('load', $load);
        fwrite(STDERR, sprintf("\nload: %d sequential calls in %.1f s; %s\n", self::CALLS, $elapsed, json_encode($load)));

        $this->assertSame([], array_slice($errors, 0, 3));
        $this->assertSame([0, self::CALLS], [$lost, $resolved]);
        foreach ($outcomes as $list) {
            $this->assertCount(1, $list);
        }
        $this->assertSame(self::CALLS, $received);
        $this->assertCount(self::CALLS, $requests);
        $seenKeys = array_map(fn ($r) => $r['msgkey'], $requests);
        sort($seenKeys);
        $want = $msgkeys;
        sort($want);
        $this->assertSame($want, $seenKeys);
        sort($accepted);
        $this->assertSame($want, $accepted);
        $this->assertSame(0, $duplicated);
        $this->assertLessThanOrEqual($fdsBefore + 3, $fdsAfter, json_encode($load));
    }
}
