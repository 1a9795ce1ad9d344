<?php
// tests/vectors/client-options.json through new Client([...]) and
// Client::fromEnv([...]): every option goes to the core as given, which
// fails exactly like in the other languages (code, field, rule) and never
// shows a secret.
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Client;
use MpaasPush\Exception\ConfigException;
use MpaasPush\Exception\MpaasPushException;
use PHPUnit\Framework\TestCase;

final class ClientOptionsTest extends TestCase
{
    public static function cases(): array
    {
        $out = [];
        foreach (vectors('client-options.json')->cases as $c) {
            $out[$c->name] = [$c];
        }
        return $out;
    }

    public function testTheFileHasEveryKindOfCase(): void
    {
        $cases = array_column(self::cases(), 0);
        $this->assertGreaterThanOrEqual(58, count($cases));
        $this->assertNotEmpty(array_filter($cases, fn ($c) => $c->fromEnv ?? false));
        $this->assertNotEmpty(array_filter($cases, fn ($c) => $c->expect === 'ok'));
    }

    /** @dataProvider cases */
    public function testClientOptionsVector(object $case): void
    {
        $build = fn () => ($case->fromEnv ?? false) ? Client::fromEnv($case->options) : new Client($case->options);
        if ($case->expect === 'ok') {
            $client = $build();
            $this->assertFalse($client->isClosed());
            assertClean($client);
            return;
        }
        try {
            $build();
            $this->fail('no exception');
        } catch (MpaasPushException $e) {
            $this->assertInstanceOf(ConfigException::class, $e);
            $this->assertSame(
                [$case->expect->code, $case->expect->field, $case->expect->rule],
                [$e->getErrorCode(), $e->getField(), $e->getRule()],
                $e->getMessage(),
            );
            foreach ($case->mustNotContain ?? [] as $secret) {
                foreach (texts($e) as $text) {
                    $this->assertStringNotContainsString($secret, $text);
                }
            }
        }
    }
}
