<?php
// The PHP API against the emulator: broadcasts from an array and from a
// BroadcastRequest, the result object, DateTimeInterface and stdClass
// input, the companion actions (schedule → list every page with foreach →
// cancel → list again), the generic send/prepare, closed clients and
// values PHP has that JSON does not.
declare(strict_types=1);

namespace MpaasPush\Tests;

use MpaasPush\BroadcastRequest;
use MpaasPush\BroadcastResult;
use MpaasPush\Client;
use MpaasPush\Exception\ConfigException;
use MpaasPush\Exception\ValidationException;
use MpaasPush\PageIterator;
use PHPUnit\Framework\TestCase;

enum Delivery: string
{
    case Android = 'android';
}

final class ApiTest extends TestCase
{
    private const APP = ['appId' => 'ONEX570DA89211721', 'workspaceId' => 'test'];

    private static function window(): array
    {
        return self::APP + ['startTime' => new \DateTimeImmutable(), 'endTime' => new \DateTimeImmutable('+10 days')];
    }

    public function testPushBroadcastFromAnArray(): void
    {
        $emu = Emulator::get()->reset();
        $msgkey = \MpaasPush\generateMsgkey();
        $result = $emu->client()->pushBroadcast(request($msgkey));
        $this->assertInstanceOf(BroadcastResult::class, $result);
        $this->assertNotEmpty($result->requestId);
        $this->assertSame(200, $result->httpStatus);
        $this->assertFalse($result->alreadyAccepted);
        $this->assertTrue(isset($result->requestId));
        $this->assertNull($result->noSuchProperty);
        $this->assertSame($result->requestId, $result->toArray()['requestId']);
        $sent = $emu->requests('PushBroadcast');
        $this->assertCount(1, $sent);
        $this->assertSame($msgkey, $sent[0]['msgkey']);
    }

    public function testPushBroadcastFromABroadcastRequestWithNamedArguments(): void
    {
        $emu = Emulator::get()->reset();
        $req = new BroadcastRequest(
            appId: 'ONEX570DA89211721', workspaceId: 'test', deliveryType: Delivery::Android,
            msgkey: \MpaasPush\generateMsgkey(), expiredSeconds: 300, taskName: 'named',
            templateName: 'news_tpl', templateKeyValue: ['content' => 'hi'], bindPeriod: '7d',
        );
        $this->assertSame('android', $req->toArray()['deliveryType']);
        $this->assertArrayNotHasKey('schedule', $req->toArray());
        $result = $emu->client()->pushBroadcast($req);
        $this->assertNotEmpty($result->requestId);
        $this->assertCount(1, $emu->requests('PushBroadcast'));
    }

    public function testBadInputNeverReachesTheNetwork(): void
    {
        $emu = Emulator::get()->reset();
        $client = $emu->client();
        $before = $emu->received();
        $cases = [
            'expiredSeconds' => request(null, ['expiredSeconds' => 0]),
            'templateKeyValue' => request(null, ['templateKeyValue' => fopen('php://memory', 'r')]),
            'templateKeyValue.content' => request(null, ['templateKeyValue' => ['content' => "\xff\xfe"]]),
            'taskName' => request(null, ['taskName' => new \ArrayObject()]),
        ];
        foreach ($cases as $field => $req) {
            try {
                $client->pushBroadcast($req);
                $this->fail("$field: no exception");
            } catch (ValidationException $e) {
                $this->assertSame($field, $e->getField(), $e->getMessage());
                $this->assertSame(0, $e->getAttempts());
            }
        }
        $this->assertSame($before, $emu->received());
    }

    public function testHostileInputIsRefusedNamingTheField(): void
    {
        $client = new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET]);
        $deep = 'x';
        for ($i = 0; $i < 10_000; $i++) {
            $deep = ['a' => $deep];
        }
        $self = ['content' => 'x'];
        $self['again'] = &$self;
        $nul = "a\0b";
        foreach ([
            'templateKeyValue' => request(null, ['templateKeyValue' => $deep]),
            'templateKeyValue ' => request(null, ['templateKeyValue' => $self]),
            'expiredSeconds' => request(null, ['expiredSeconds' => NAN]),
        ] as $field => $req) {
            try {
                $client->prepareBroadcast($req);
                $this->fail("$field: no exception");
            } catch (ValidationException $e) {
                $this->assertStringStartsWith(trim($field), (string) $e->getField(), $e->getMessage());
            }
        }
        // A NUL byte is text like any other: the core judges it (no crash, no truncation).
        try {
            $p = $client->prepareBroadcast(request(null, ['taskName' => $nul]));
            $this->assertStringContainsString('a%00b', $p->body);
        } catch (ValidationException $e) {
            $this->assertSame('taskName', $e->getField());
        }
    }

    public function testScheduleListEveryPageCancelAndListAgain(): void
    {
        $emu = Emulator::get()->reset();
        $client = $emu->client();
        $ids = [];
        for ($h = 1; $h <= 5; $h++) {
            $at = (new \DateTimeImmutable('@' . (int) ceil(time() + $h * 3600)));
            $ids[] = $client->pushBroadcast(request(null, ['schedule' => ['at' => $at]]))->taskId;
        }
        $page = $client->querySchedulers(self::window() + ['pageSize' => 2]);
        $this->assertSame(2, $page['nextPage']);
        $this->assertCount(2, $page['tasks']);

        $it = $client->scheduledTasks(self::window() + ['pageSize' => 2]);
        $this->assertInstanceOf(PageIterator::class, $it);
        $this->assertInstanceOf(\Iterator::class, $it);
        $seen = [];
        foreach ($it as $i => $task) {
            $seen[$i] = $task['uniqueId'];
        }
        $this->assertSame($ids, array_values($seen));
        $this->assertSame(range(0, 4), array_keys($seen));
        $this->assertCount(1 + 3, $emu->requests('QueryPushSchedulerList')); // the page above, then 3 pages

        $cancel = $client->cancelSchedulers(self::APP + ['uniqueIds' => [$ids[1], $ids[3]]]);
        $this->assertIsArray($cancel);
        $left = array_map(fn ($t) => $t['uniqueId'], iterator_to_array($client->scheduledTasks(self::window()), false));
        $this->assertSame([$ids[0], $ids[2], $ids[4]], $left);

        $generic = $client->send('QueryPushSchedulerList', self::window() + ['pageSize' => 1]);
        $this->assertSame(1, $generic['pageSize']);
        $this->assertSame('QueryPushSchedulerList', $client->prepare('QueryPushSchedulerList', self::window())
            ->signedParams['Action']);
    }

    public function testABadQueryThrowsBeforeAnythingIsSent(): void
    {
        $emu = Emulator::get()->reset();
        $before = $emu->received();
        try {
            foreach ($emu->client()->scheduledTasks(self::APP + ['startTime' => 1, 'endTime' => 0]) as $task) {
                $this->fail('an item');
            }
            $this->fail('no exception');
        } catch (ValidationException $e) {
            $this->assertNotNull($e->getField());
        }
        $this->assertSame($before, $emu->received());
    }

    public function testAClosedClientThrowsConfig(): void
    {
        $client = Emulator::get()->client();
        $this->assertStringContainsString('Client(endpoint=', (string) $client);
        $client->close();
        $this->assertTrue($client->isClosed());
        $this->expectException(ConfigException::class);
        $client->pushBroadcast(request());
    }

    public function testUnknownActionAndOptionsAreRefused(): void
    {
        $client = new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET]);
        try {
            $client->prepare('NoSuchAction', []);
            $this->fail('no exception');
        } catch (\MpaasPush\Exception\MpaasPushException $e) {
            $this->assertSame('action', $e->getField(), $e->getMessage());
        }
        try {
            new Client(['accessKeyId' => ID, 'accessKeySecret' => SECRET, 'connectTimeoutMs' => new \stdClass()]);
            $this->fail('no exception');
        } catch (ConfigException $e) {
            $this->assertSame('connectTimeoutMs', $e->getField(), $e->getMessage());
        }
    }

    public function testHelpers(): void
    {
        $this->assertMatchesRegularExpression('/^[0-9a-f-]{36}$/', \MpaasPush\generateMsgkey());
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', \MpaasPush\version());
        $this->assertStringContainsString('php', Emulator::get()->client()->getUserAgent());
    }
}
