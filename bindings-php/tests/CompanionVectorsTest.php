<?php
// The companion-action vector files through the dry run (Client::prepare);
// mirrors tests/tests/companion_vectors.rs. HMAC-SHA1 must match the
// official SDK exactly; the rules file's invalid cases are refused naming
// field and rule, its valid cases put the pinned parameters on the wire.
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Client;
use MpaasPush\Exception\ValidationException;
use PHPUnit\Framework\TestCase;

final class CompanionVectorsTest extends TestCase
{
    private static function named(array $cases): array
    {
        $out = [];
        foreach ($cases as $c) {
            $out[$c->name] = [$c];
        }
        return $out;
    }

    public static function requests(): array { return self::named(vectors('companion-requests.json')->cases); }
    public static function invalid(): array { return self::named(vectors('companion-rules.json')->invalid); }
    public static function valid(): array { return self::named(vectors('companion-rules.json')->valid); }

    private static function form(string $text): array
    {
        $out = [];
        foreach ($text === '' ? [] : explode('&', $text) as $pair) {
            [$k, $v] = explode('=', $pair, 2) + [1 => ''];
            $out[urldecode($k)] = urldecode($v);
        }
        ksort($out);
        return $out;
    }

    private static function sorted(object|array $o): array
    {
        $a = (array) $o;
        ksort($a);
        return $a;
    }

    public function testTheFilesCoverEveryCompanionAction(): void
    {
        $this->assertCount(22, self::requests());
        $this->assertGreaterThanOrEqual(30, count(self::invalid()));
        $this->assertGreaterThanOrEqual(4, count(self::valid()));
    }

    /** @dataProvider requests */
    public function testHmacSha1MatchesTheOfficialSdk(object $case): void
    {
        $cr = $case->credentials;
        $v1 = $case->v1;
        $token = $cr->securityToken ?? null;
        $client = new Client(['accessKeyId' => $cr->accessKeyId, 'accessKeySecret' => $cr->accessKeySecret,
            'securityToken' => $token]);
        $p = $client->prepare($case->action, $case->request, ['nonce' => $v1->nonce, 'timestamp' => $v1->timestamp]);
        $this->assertSame($v1->signature, $p->signature);
        $this->assertSame(['POST', $v1->nonce, $v1->timestamp], [$p->method, $p->nonce, $p->timestamp]);
        $signed = self::sorted($v1->signedParams);
        $query = self::sorted($v1->queryParams);
        if ($token !== null) {
            $this->assertSame($token, $signed['SecurityToken']);
            $signed['SecurityToken'] = $query['SecurityToken'] = REDACTED;
            assertClean($p, $client);
        }
        $this->assertSame($signed, self::sorted($p->signedParams));
        $this->assertSame($query, self::form((string) parse_url($p->url, PHP_URL_QUERY)));
        $this->assertSame(self::sorted($v1->bodyParams), self::form($p->body));
    }

    /** @dataProvider invalid */
    public function testRulesRejectNamingFieldAndRule(object $case): void
    {
        $client = new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET]);
        try {
            $client->prepare($case->action, $case->request, ['timestamp' => $case->now]);
            $this->fail('no exception');
        } catch (ValidationException $e) {
            $this->assertSame([$case->field, $case->rule], [$e->getField(), $e->getRule()], $e->getMessage());
            $this->assertSame('validation', $e->getErrorCode());
            $this->assertFalse($e->isMaybeSent() || $e->isRetryable());
        }
    }

    /** @dataProvider valid */
    public function testValidCasesPutThePinnedWire(object $case): void
    {
        $p = (new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET]))
            ->prepare($case->action, $case->request, ['timestamp' => $case->now]);
        $this->assertSame(self::sorted($case->wire), self::form($p->body));
        $this->assertSame($case->action, $p->signedParams['Action']);
    }
}
