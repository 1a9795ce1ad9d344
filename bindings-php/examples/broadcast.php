<?php
// One broadcast and one dry run with the extension. Credentials come from
// the environment (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET); the endpoint from
// MPAAS_PUSH_ENDPOINT when set (scripts/php.sh points it at the emulator).
declare(strict_types=1);

use MpaasPush\BroadcastRequest;
use MpaasPush\Client;
use MpaasPush\Exception\MpaasPushException;
use MpaasPush\Exception\PushFailedException;

$options = [];
if (getenv('MPAAS_PUSH_ENDPOINT')) {
    $options['endpoint'] = getenv('MPAAS_PUSH_ENDPOINT');
}
$client = Client::fromEnv($options); // create once per process, reuse

$request = new BroadcastRequest(
    appId: 'ONEX570DA89211721', workspaceId: 'default', deliveryType: 'android',
    msgkey: MpaasPush\generateMsgkey(), expiredSeconds: 300, taskName: 'Daily news',
    templateName: 'news_tpl', templateKeyValue: ['content' => 'Hello'], bindPeriod: '7d',
);
try {
    $result = $client->pushBroadcast($request);
    echo "sent: request id {$result->requestId}, task id ", $result->taskId ?? '-', "\n";
} catch (PushFailedException $e) {            // the service said no
    echo "refused: {$e->getServiceCode()} {$e->getMessage()}\n";
    exit(1);
} catch (MpaasPushException $e) {             // getErrorCode() isMaybeSent() getRequestId() ...
    echo "failed: {$e->getErrorCode()}", $e->isMaybeSent() ? ' (may have been sent)' : ' (not sent)', "\n";
    exit(1);
}

// A weekly schedule (China days, UTC+8) as a dry run: nothing is sent.
$china = new DateTimeZone('Asia/Shanghai');
$weekly = ['every' => 'weekly', 'days' => [1, 3], 'time' => '09:00:00',
    'start' => (new DateTimeImmutable('+1 day', $china))->format('Y-m-d'),
    'end' => (new DateTimeImmutable('+30 days', $china))->format('Y-m-d')];
$prepared = $client->prepareBroadcast(array_merge($request->toArray(), [
    'msgkey' => MpaasPush\generateMsgkey(), 'schedule' => $weekly,
]));
echo "dry run signature: {$prepared->signature}\n";
