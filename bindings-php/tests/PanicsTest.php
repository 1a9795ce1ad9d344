<?php
// A Rust panic never crosses into PHP as a crash or terminal text: inside
// the extension (debugPanic) or armed inside the core at validate, send or
// parse, it is a MpaasPushException with code `internal`, and the same
// client keeps working. Needs the test-hooks build (scripts/php.sh).
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\Exception\MpaasPushException;
use PHPUnit\Framework\TestCase;

final class PanicsTest extends TestCase
{
    protected function setUp(): void
    {
        $this->assertTrue(function_exists('MpaasPush\Test\armCorePanic'), 'the suite needs the test-hooks build');
    }

    protected function tearDown(): void
    {
        \MpaasPush\Test\armCorePanic('none');
    }

    public function testAPanicInTheExtensionIsAnInternalException(): void
    {
        try {
            \MpaasPush\Test\debugPanic();
            $this->fail('no exception');
        } catch (MpaasPushException $e) {
            $this->assertSame(MpaasPushException::class, $e::class);
            $this->assertSame('internal', $e->getErrorCode());
            $this->assertStringContainsString('deliberate test panic', $e->getMessage());
        }
    }

    public static function points(): array
    {
        return ['validate' => ['validate'], 'send' => ['send'], 'parse' => ['parse']];
    }

    /** @dataProvider points */
    public function testACorePanicIsInternalAndTheClientLivesOn(string $point): void
    {
        $emu = Emulator::get()->reset();
        $client = $emu->client();
        \MpaasPush\Test\armCorePanic($point);
        try {
            $client->pushBroadcast(request());
            $this->fail('no exception');
        } catch (MpaasPushException $e) {
            $this->assertSame('internal', $e->getErrorCode(), $e->getMessage());
        }
        $result = $client->pushBroadcast(request());
        $this->assertNotSame('', $result->requestId);
    }

    public function testAnUnknownPanicPointIsAConfigError(): void
    {
        $this->expectException(\MpaasPush\Exception\ConfigException::class);
        \MpaasPush\Test\armCorePanic('nowhere');
    }
}
