<?php
// The shared vector files (tests/vectors/*.json) through the PHP API;
// mirrors tests/tests/vectors.rs and the other languages' vector suites.
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Client;
use MpaasPush\Exception\ValidationException;
use PHPUnit\Framework\TestCase;

final class VectorsTest extends TestCase
{
    private const COMMON = ['AccessKeyId', 'Action', 'Format', 'SecurityToken', 'SignatureMethod',
        'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version'];

    private static function cases(string $file): array
    {
        $out = [];
        foreach (vectors($file)->cases as $c) {
            $out[$c->name] = [$c];
        }
        return $out;
    }

    public static function requests(): array { return self::cases('requests.json'); }
    public static function invalid(): array { return self::cases('invalid-requests.json'); }
    public static function valid(): array { return self::cases('valid-requests.json'); }

    /** @return array<string, string> */
    private static function form(string $text): array
    {
        $out = [];
        foreach ($text === '' ? [] : explode('&', $text) as $pair) {
            [$k, $v] = explode('=', $pair, 2) + [1 => ''];
            $out[urldecode($k)] = urldecode($v);
        }
        return $out;
    }

    public function testTheVectorFilesAreNotEmpty(): void
    {
        $this->assertGreaterThanOrEqual(9, count(self::requests()));
        $this->assertGreaterThanOrEqual(16, count(self::invalid()));
        $this->assertGreaterThanOrEqual(10, count(self::valid()));
    }

    /** @dataProvider requests */
    public function testRequestVectorsHmacSha1(object $case): void
    {
        $cr = $case->credentials;
        $v1 = $case->v1;
        $token = $cr->securityToken ?? null;
        $client = new Client(['accessKeyId' => $cr->accessKeyId, 'accessKeySecret' => $cr->accessKeySecret,
            'securityToken' => $token]);
        $p = $client->prepareBroadcast($case->request, ['nonce' => $v1->nonce, 'timestamp' => $v1->timestamp]);
        $this->assertSame($v1->signature, $p->signature);
        $this->assertSame('POST', $p->method);
        $this->assertSame([$v1->nonce, $v1->timestamp], [$p->nonce, $p->timestamp]);
        $this->assertSame('hmac-sha1', $p->signatureMethod);
        $want = (array) $v1->signedParams;
        if ($token !== null) {
            $this->assertSame($token, $want['SecurityToken']);
            $this->assertSame(REDACTED, $p->signedParams['SecurityToken']);
            $want['SecurityToken'] = REDACTED;
            assertClean($p, $client);
        }
        ksort($want);
        $got = $p->signedParams;
        ksort($got);
        $this->assertSame($want, $got);
        // What is sent is what was signed: query + body decode to the signed set.
        $sent = self::form((string) parse_url($p->url, PHP_URL_QUERY));
        $this->assertSame($p->signature, $sent['Signature']);
        unset($sent['Signature']);
        $sent += self::form($p->body);
        ksort($sent);
        $this->assertSame($got, $sent);
    }

    /** @dataProvider invalid */
    public function testInvalidRequestVectorsNameTheField(object $case): void
    {
        $client = new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET]);
        try {
            $client->prepareBroadcast($case->request, ['timestamp' => $case->now]);
            $this->fail('no exception');
        } catch (ValidationException $e) {
            $this->assertSame(ValidationException::class, $e::class);
            $this->assertSame($case->field, $e->getField(), $e->getMessage());
            if (isset($case->rule)) {
                $this->assertSame($case->rule, $e->getRule(), $e->getMessage());
            }
            $this->assertSame('validation', $e->getErrorCode());
            $this->assertFalse($e->isMaybeSent());
            $this->assertFalse($e->isRetryable());
        }
    }

    /** @dataProvider valid */
    public function testValidRequestVectorsPassAndEncodeAsPinned(object $case): void
    {
        $client = new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET]);
        $p = $client->prepareBroadcast($case->request, ['timestamp' => $case->now]);
        if (($case->payloadEncoding ?? null) === 'json') {
            // The PHP API does not choose the payload encoding (flattened is
            // the default): validated above, encoding not comparable.
            $this->assertSame('POST', $p->method);
            return;
        }
        $params = array_diff_key($p->signedParams, array_flip(self::COMMON));
        $want = (array) $case->params;
        ksort($params);
        ksort($want);
        $this->assertSame($want, $params);
        $body = self::form($p->body);
        ksort($body);
        $this->assertSame($want, $body);
    }

    public function testErrorCodesMatchTheContract(): void
    {
        $this->assertSame(array_map(fn ($c) => $c->code, vectors('error-codes.json')->codes), \MpaasPush\errorCodes());
        $this->assertCount(16, \MpaasPush\errorCodes());
    }
}
