// Sends one broadcast through the installed mpaas-push package
// (scripts/verify-release.sh). Usage: MPAAS_PUSH_ENDPOINT=... node send.js MSGKEY
// with ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET set (the emulator's test key).
const { Client } = require('mpaas-push')

const client = Client.fromEnv({ endpoint: process.env.MPAAS_PUSH_ENDPOINT })
client
  .pushBroadcast({
    appId: 'ONEX570DA89211721', workspaceId: 'default', deliveryType: 'android',
    msgkey: process.argv[2], expiredSeconds: 300, taskName: 'Release check',
    templateName: 'news_tpl', templateKeyValue: { content: 'Hello' }, bindPeriod: '7d',
  })
  .then((result) => {
    const addon = Object.keys(require.cache).find((f) => f.endsWith('.node'))
    console.log(`node ${process.version} ${process.arch} ${addon}: sent, requestId=${result.requestId} taskId=${result.taskId}`)
  })
  .catch((e) => {
    console.error(`node: failed (${e.code}): ${e.message}`)
    process.exit(1)
  })
