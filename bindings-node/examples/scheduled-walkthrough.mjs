// Scheduled broadcasts, start to end: schedule a fixed-time broadcast and a
// recurring one, list every scheduled task (all pages, `for await`), cancel
// one, list again.
//
//   ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… \
//   MPAAS_APP_ID=… MPAAS_WORKSPACE_ID=… node scheduled-walkthrough.mjs
//
// MPAAS_PUSH_ENDPOINT points it elsewhere, e.g. at `mpaas-push emulator`
// (scripts/node.sh runs it that way). The template `news_tpl` with a
// `#content#` placeholder must exist.

import assert from 'node:assert/strict'

import { Client, generateMsgkey } from 'mpaas-push'

const endpoint = process.env.MPAAS_PUSH_ENDPOINT
const client = Client.fromEnv(endpoint ? { endpoint } : {})
const app = {
  appId: process.env.MPAAS_APP_ID ?? 'ONEX570DA89211721',
  workspaceId: process.env.MPAAS_WORKSPACE_ID ?? 'default',
}
const broadcast = {
  ...app,
  deliveryType: 'android',
  expiredSeconds: 3600,
  templateName: 'news_tpl',
  templateKeyValue: { content: 'Hello' },
  bindPeriod: '7d',
}
const HOUR = 3_600_000
const DAY = 24 * HOUR
// A China (UTC+8) calendar day, `days` after today.
const chinaDay = (days) => new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10)

// 1. Schedule: once in an hour, and daily at 09:00 China time for three days.
const inAnHour = new Date(Math.ceil(Date.now() / 1000) * 1000 + HOUR)
const once = await client.pushBroadcast({
  ...broadcast,
  msgkey: generateMsgkey(),
  taskName: 'Launch',
  schedule: { at: inAnHour },
})
const daily = await client.pushBroadcast({
  ...broadcast,
  msgkey: generateMsgkey(),
  taskName: 'Daily news',
  schedule: { every: 'daily', start: chinaDay(1), end: chinaDay(3), time: '09:00:00' },
})
console.log(`scheduled task ${once.taskId} (once) and ${daily.taskId} (daily)`)

// 2. List every task due in the next week, page after page (2 per page).
const week = { ...app, startTime: new Date(), endTime: new Date(Date.now() + 7 * DAY), pageSize: 2 }
async function list() {
  const ids = []
  for await (const task of client.scheduledTasks(week)) {
    const due = new Date(task.pushTime).toISOString()
    console.log(`  ${task.uniqueId}  due ${due}  ${task.parentId !== task.uniqueId ? `run of ${task.parentId}` : 'once'}`)
    ids.push(task.uniqueId)
  }
  return ids
}
console.log('scheduled:')
const before = await list()
assert.ok(before.includes(once.taskId), 'the fixed-time task is listed')
assert.equal(before.filter((id) => id.startsWith(`${daily.taskId}-`)).length, 3, 'three daily runs are listed')

// 3. Cancel the fixed-time task, then list again.
const cancelled = await client.cancelSchedulers({ ...app, uniqueIds: [once.taskId] })
console.log(`${cancelled.content} (request ${cancelled.requestId})`)
console.log('still scheduled:')
const after = await list()
assert.deepEqual(after, before.filter((id) => id !== once.taskId))
client.close()
