// Typed usage of the public API, compiled with `tsc --noEmit --strict`
// against the installed package's index.d.ts by scripts/node.sh (never run).
// Every line must type-check; the `@ts-expect-error` lines must not.

import {
  Client,
  errorCodes,
  generateMsgkey,
  isMpaasPushError,
  type BroadcastRequest,
  type BroadcastResult,
  type ClientOptions,
  type MpaasPushError,
  type PreparedRequest,
  type RecurringSchedule,
  type Schedule,
  type ScheduledTask,
  type SchedulerListQuery,
  type SchedulerPage,
  type CancelResult,
  type RevokeResult,
  type TaskDetail,
  type TaskListPage,
  type TaskReport,
  PageIterator,
} from 'mpaas-push'

const options: ClientOptions = {
  accessKeyId: 'LTAI-example',
  accessKeySecret: 'example-secret',
  endpoint: 'http://127.0.0.1:8080',
  signature: 'acs3-hmac-sha256',
  apiVersion: '2020-10-28',
  connectTimeoutMs: 5000,
  readTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 20_000, retryMaybeSent: false },
  allowHttp: false,
  proxy: 'env',
  userAgentSuffix: 'my-app/1.0',
  maxResponseBytes: 1 << 20,
}
const client = new Client(options)
const fromEnv: Client = Client.fromEnv({ region: 'cn-hangzhou' })
// @ts-expect-error fromEnv() takes no credentials
Client.fromEnv({ accessKeyId: 'x' })
// @ts-expect-error unknown signature method
const badOptions: ClientOptions = { signature: 'md5' }

const weekly: RecurringSchedule = {
  every: 'weekly',
  days: [1, 3, 5],
  start: '2030-01-01',
  end: '2030-03-01',
  time: '09:30:00',
}

const request: BroadcastRequest = {
  appId: 'ONEX570DA89211721',
  workspaceId: 'default',
  deliveryType: 'android',
  msgkey: generateMsgkey(),
  expiredSeconds: 300,
  taskName: 'Daily news',
  templateName: 'news_tpl',
  templateKeyValue: { content: 'Hello' },
  pushStatus: 0,
  bindPeriod: '7d',
  schedule: { at: new Date(Date.now() + 3_600_000) },
  transparentMessagePayload: { hms: { data: 'x' } },
  transparentMessageUrgency: 'HIGH',
  thirdChannelCategory: { hms: '9' },
  notifyLevel: { oppo: '2' },
  extendedParams: { sound: 'default' },
  silent: true,
}
const recurring: BroadcastRequest = { ...request, schedule: weekly }
const inText: Schedule = { at: '2030-01-01T09:00:00+08:00' }
const inMs: BroadcastRequest = { ...request, schedule: { at: 1_893_459_600_000 } }
const now: BroadcastRequest = { ...request, schedule: 'immediate' }
// @ts-expect-error deliveryType 3 does not exist
const badDelivery: BroadcastRequest = { ...request, deliveryType: 3 }
// @ts-expect-error schedule.every must be daily, weekly or monthly
const badEvery: BroadcastRequest = { ...request, schedule: { ...weekly, every: 'hourly' } }

async function main(): Promise<void> {
  try {
    const result: BroadcastResult = await client.pushBroadcast(request)
    const taskId: string | null = result.taskId
    const status: number = result.httpStatus
    const onceAlready: boolean = result.alreadyAccepted
    if (onceAlready) console.log('the service already had this msgkey: sent exactly once')
    console.log(result.requestId, taskId, status, result.resultCode)
  } catch (e: unknown) {
    if (isMpaasPushError(e)) {
      const err: MpaasPushError = e
      const message: string = err.message
      if (err.code === 'validation' || err.code === 'config') console.log(err.field, err.rule, err.value, message)
      if (err.code === 'timeout') console.log(err.timeoutKind, err.maybeSent)
      const retry: boolean = err.retryable
      const id: string | null = err.requestId
      console.log(retry, id, err.httpStatus, err.serviceCode, err.attempts, err.clockOffset)
      // @ts-expect-error not a code of this package
      if (err.code === 'ERR_SOMETHING') console.log('never')
    }
  }
  const p: PreparedRequest = client.prepareBroadcast(recurring, { nonce: 'n', timestamp: new Date() })
  const p2: PreparedRequest = client.prepareBroadcast(now, { timestamp: '2030-01-01T00:00:00Z' })
  console.log(p.url, p.headers['content-type'], p.signedParams['Signature'], p.canonicalRequest, p2.stringToSign)
  const codes: string[] = errorCodes()
  console.log(codes, client.closed, client.endpoint, client.userAgent, JSON.stringify(client), fromEnv)
  client.close()
  void badOptions
  void badDelivery
  void badEvery
  void inText
  void inMs
}

// The companion actions: typed requests (times as Date, ms or RFC 3339),
// typed results (times as epoch ms), async iterators over every page.
const window: SchedulerListQuery = {
  appId: 'ONEX570DA89211721',
  workspaceId: 'default',
  startTime: new Date(),
  endTime: Date.now() + 86_400_000,
  type: 'broadcast',
  pageSize: 50,
}
const rfcWindow: SchedulerListQuery = { ...window, startTime: '2030-01-01T00:00:00+08:00', type: 3, uniqueId: '1000001' }
// @ts-expect-error type 4 is not a push kind
const badKind: SchedulerListQuery = { ...window, type: 4 }
// @ts-expect-error startTime is required
const noStart: SchedulerListQuery = { appId: 'A', workspaceId: 'W', endTime: 1 }

async function companion(): Promise<void> {
  const page: SchedulerPage = await client.querySchedulers(window)
  const next: number | null = page.nextPage
  const total: number = page.totalCount
  for (const t of page.tasks) {
    const due: number | null = t.pushTime
    const kind: number | null = t.type
    if (t.strategyType === 2) console.log(t.parentId, t.uniqueId, t.executed, due && new Date(due), kind)
  }
  const iterator: AsyncIterableIterator<ScheduledTask> = client.scheduledTasks(rfcWindow)
  console.log(iterator instanceof PageIterator)
  const iterable: AsyncIterable<ScheduledTask> = iterator
  for await (const task of client.scheduledTasks(window)) {
    const id: string = task.uniqueId
    console.log(id)
  }
  const step: IteratorResult<ScheduledTask, undefined> = await iterator.next()
  if (!step.done) console.log(step.value.uniqueId)
  await iterator.return?.()
  const cancelled: CancelResult = await client.cancelSchedulers({
    appId: 'A',
    workspaceId: 'W',
    uniqueIds: ['1000001', 1000002],
    type: 'child',
  })
  const content: string | null = cancelled.content
  // @ts-expect-error uniqueIds is required
  await client.cancelSchedulers({ appId: 'A', workspaceId: 'W' })
  const revoked: RevokeResult = await client.revokeTask({ appId: 'A', workspaceId: 'W', taskId: '1000001', sentAt: new Date() })
  const message: RevokeResult = await client.revokeMessage({ appId: 'A', workspaceId: 'W', messageId: 'order-1', targetId: 'device-1' })
  const figures: TaskDetail = await client.taskDetail({ appId: 'A', workspaceId: 'W', taskId: 1000001 })
  const arrived: number = figures.pushArrivalNum
  const list: TaskListPage = await client.taskList({ appId: 'A', workspaceId: 'W', startTime: new Date(), taskName: 'Daily news' })
  for await (const report of client.taskReports({ appId: 'A', workspaceId: 'W', startTime: 0 })) {
    const runs: TaskReport[] = report.subTasks
    console.log(report.taskId, report.createdAt, runs.length)
  }
  // send / prepare: the request and result types follow the action name.
  const viaSend: SchedulerPage = await client.send('QueryPushSchedulerList', window)
  const viaSend2: CancelResult = await client.send('CancelPushScheduler', { appId: 'A', workspaceId: 'W', uniqueIds: ['1'] })
  const dry: PreparedRequest = client.prepare('RevokePushTask', { appId: 'A', workspaceId: 'W', taskId: '1' }, { timestamp: new Date() })
  const dryBroadcast: PreparedRequest = client.prepare('PushBroadcast', request)
  // @ts-expect-error a cancel request is not a scheduler query
  client.prepare('QueryPushSchedulerList', { appId: 'A', workspaceId: 'W', uniqueIds: ['1'] })
  // @ts-expect-error not an action
  void client.send('DeleteEverything', {})
  // @ts-expect-error results are epoch ms, not Dates
  const asDate: Date | null = figures.startTime
  console.log(next, total, iterable, content, revoked.data, message.requestId, arrived, list.nextPage, viaSend, viaSend2, dry, dryBroadcast, asDate)
  void badKind
  void noStart
}

void main()
void companion()
