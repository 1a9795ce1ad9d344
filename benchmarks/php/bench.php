<?php
// One PushBroadcast benchmark flavour in this PHP process, against a
// running emulator; prints one JSON line (the shape every language's bench
// writes, see benchmarks/report.py). Not a test: it measures, and fails only
// when a call failed.
//
//   ours-seq       MpaasPush\Client::pushBroadcast (the extension), sequential
//   plain-php-seq  the seed PHP sample's way, as the peer (Alibaba's PHP SDK
//                  cannot be installed here): one keep-alive curl handle,
//                  RPC parameters and HMAC-SHA1 signing written in PHP
//
// Usage: php [-d extension=mpaas_push.so] bench.php --flavour F --endpoint URL
//        --access-key-id ID --access-key-secret S --n N --warmup W
//        [--emulator-pid PID] [--clk-tck 100] [--run-id X]
declare(strict_types=1);

$o = getopt('', ['flavour:', 'endpoint:', 'access-key-id:', 'access-key-secret:', 'n:', 'warmup:',
    'emulator-pid:', 'clk-tck:', 'run-id:']);
$flavour = $o['flavour'];
$endpoint = rtrim($o['endpoint'], '/');
$n = (int) $o['n'];
$warmup = (int) $o['warmup'];
$runId = $o['run-id'] ?? ('b' . getmypid());

/** The fields of every broadcast (a fresh Msgkey per call). */
const FIELDS = [
    'appId' => 'ONEX570DA89211721', 'workspaceId' => 'bench', 'deliveryType' => 'android',
    'expiredSeconds' => 300, 'taskName' => 'benchmark', 'templateName' => 'broadcast_tpl',
    'templateKeyValue' => ['content' => 'hello'], 'bindPeriod' => 1,
];

/** The seed sample's client: RPC parameters and HMAC-SHA1 in PHP over curl. */
final class PlainClient
{
    private \CurlHandle $curl;

    public function __construct(private string $endpoint, private string $id, private string $secret)
    {
        $this->curl = curl_init();
        curl_setopt_array($this->curl, [
            CURLOPT_POST => true, CURLOPT_RETURNTRANSFER => true, CURLOPT_PROXY => '', CURLOPT_NOPROXY => '*',
            CURLOPT_CONNECTTIMEOUT => 5, CURLOPT_TIMEOUT => 10,
            CURLOPT_HTTPHEADER => ['content-type: application/x-www-form-urlencoded', 'accept: application/json'],
        ]);
    }

    private static function enc(string $s): string
    {
        return rawurlencode($s); // RFC 3986: what Alibaba's percentEncode produces
    }

    /** @return array{int, array<string, mixed>|null} */
    public function pushBroadcast(array $f): array
    {
        $common = [
            'AccessKeyId' => $this->id, 'Action' => 'PushBroadcast', 'Format' => 'JSON',
            'SignatureMethod' => 'HMAC-SHA1', 'SignatureNonce' => bin2hex(random_bytes(16)),
            'SignatureVersion' => '1.0', 'Timestamp' => gmdate('Y-m-d\TH:i:s\Z'), 'Version' => '2020-10-28',
        ];
        $body = [
            'AppId' => $f['appId'], 'WorkspaceId' => $f['workspaceId'], 'DeliveryType' => '1',
            'Msgkey' => $f['msgkey'], 'ExpiredSeconds' => (string) $f['expiredSeconds'],
            'TaskName' => $f['taskName'], 'TemplateName' => $f['templateName'],
            'TemplateKeyValue' => json_encode($f['templateKeyValue'], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES),
            'BindPeriod' => (string) $f['bindPeriod'],
        ];
        $all = $common + $body;
        ksort($all, SORT_STRING);
        $pairs = [];
        foreach ($all as $k => $v) {
            $pairs[] = self::enc($k) . '=' . self::enc($v);
        }
        $toSign = 'POST&%2F&' . self::enc(implode('&', $pairs));
        $common['Signature'] = base64_encode(hash_hmac('sha1', $toSign, $this->secret . '&', true));
        curl_setopt($this->curl, CURLOPT_URL, $this->endpoint . '/?' . http_build_query($common, '', '&', PHP_QUERY_RFC3986));
        curl_setopt($this->curl, CURLOPT_POSTFIELDS, http_build_query($body, '', '&', PHP_QUERY_RFC3986));
        $text = curl_exec($this->curl);
        $status = (int) curl_getinfo($this->curl, CURLINFO_RESPONSE_CODE);
        $doc = is_string($text) ? json_decode($text, true) : null;
        return [$status, is_array($doc) ? $doc : null];
    }
}

function cpuSeconds(): float
{
    $r = getrusage();
    return $r['ru_utime.tv_sec'] + $r['ru_utime.tv_usec'] / 1e6 + $r['ru_stime.tv_sec'] + $r['ru_stime.tv_usec'] / 1e6;
}

function switches(): int
{
    $r = getrusage();
    return $r['ru_nvcsw'] + $r['ru_nivcsw'];
}

function emulatorTicks(?string $pid): ?int
{
    if ($pid === null || $pid === '' || !is_readable("/proc/$pid/stat")) {
        return null;
    }
    $stat = (string) file_get_contents("/proc/$pid/stat");
    $fields = explode(' ', substr($stat, strrpos($stat, ')') + 2));
    return (int) $fields[11] + (int) $fields[12]; // utime + stime
}

switch ($flavour) {
    case 'ours-seq':
        $client = new MpaasPush\Client(['accessKeyId' => $o['access-key-id'],
            'accessKeySecret' => $o['access-key-secret'], 'endpoint' => $endpoint]);
        $call = function (array $f) use ($client): bool {
            try {
                $client->pushBroadcast($f);
                return true;
            } catch (MpaasPush\Exception\MpaasPushException $e) {
                fwrite(STDERR, "ours: {$e->getErrorCode()}: {$e->getMessage()}\n");
                return false;
            }
        };
        $sdk = 'mpaas-push ' . MpaasPush\version() . ' (PHP extension)';
        $label = 'MpaasPush\\Client::pushBroadcast (the extension), sequential';
        $client_kind = 'ours';
        break;
    case 'plain-php-seq':
        $plain = new PlainClient($endpoint, $o['access-key-id'], $o['access-key-secret']);
        $call = function (array $f) use ($plain): bool {
            [$status, $doc] = $plain->pushBroadcast($f);
            $ok = $status === 200 && ($doc['ResultCode'] ?? null) === 'OK';
            if (!$ok) {
                fwrite(STDERR, "plain: HTTP $status " . json_encode($doc) . "\n");
            }
            return $ok;
        };
        $sdk = 'plain PHP ' . PHP_VERSION . ' (curl ' . curl_version()['version'] . ')';
        $label = 'the seed sample\'s way as the peer: keep-alive curl handle, RPC + HMAC-SHA1 in PHP, sequential';
        $client_kind = 'peer';
        break;
    default:
        fwrite(STDERR, "unknown flavour $flavour\n");
        exit(2);
}

$errors = 0;
for ($i = 0; $i < $warmup; $i++) {
    $errors += $call(['msgkey' => "$runId-$flavour-w$i"] + FIELDS) ? 0 : 1;
}
$load0 = sys_getloadavg()[0];
$emu0 = emulatorTicks($o['emulator-pid'] ?? null);
$sw0 = switches();
$cpu0 = cpuSeconds();
$t0 = hrtime(true);
for ($i = 0; $i < $n; $i++) {
    $errors += $call(['msgkey' => "$runId-$flavour-$i"] + FIELDS) ? 0 : 1;
}
$seconds = (hrtime(true) - $t0) / 1e9;
$cpu = cpuSeconds() - $cpu0;
$sw = switches() - $sw0;
$emu1 = emulatorTicks($o['emulator-pid'] ?? null);
$tck = (int) ($o['clk-tck'] ?? 100);
echo json_encode([
    'calls_per_s' => round($n / $seconds, 1),
    'client' => $client_kind,
    'concurrency' => 1,
    'context_switches_per_call' => round($sw / $n, 2),
    'cpu_ms_per_call' => round($cpu * 1000 / $n, 4),
    'emulator_cpu_ms_per_call' => $emu0 !== null && $emu1 !== null ? round(($emu1 - $emu0) * 1000 / $tck / $n, 4) : null,
    'errors' => $errors,
    'flavour' => $flavour,
    'label' => $label,
    'language' => 'php',
    'load_1m' => [round($load0, 2), round(sys_getloadavg()[0], 2)],
    'n' => $n,
    'peak_rss_mib' => round(getrusage()['ru_maxrss'] / 1024, 1),
    'scenario' => 'seq',
    'sdk' => $sdk,
    'seconds' => round($seconds, 4),
    'warmup' => $warmup,
], JSON_UNESCAPED_SLASHES), "\n";
exit($errors === 0 ? 0 : 1);
