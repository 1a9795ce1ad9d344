// Typed usage of the public API, compiled with `tsc --noEmit --strict`
// against the installed package's index.d.ts by scripts/node.sh (never run).
// Every line must type-check; the `@ts-expect-error` lines must not.

import {
  Client,
  chinaMidnightMs,
  errorCodes,
  generateMsgkey,
  isMpaasPushError,
  type BroadcastRequest,
  type BroadcastResult,
  type ClientOptions,
  type MpaasPushError,
  type PreparedRequest,
  type RecurringStrategy,
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
}
const client = new Client(options)
const fromEnv: Client = Client.fromEnv({ region: 'cn-hangzhou' })
// @ts-expect-error fromEnv() takes no credentials
Client.fromEnv({ accessKeyId: 'x' })
// @ts-expect-error unknown signature method
const badOptions: ClientOptions = { signature: 'md5' }

const weekly: RecurringStrategy = {
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
  strategy: { at: new Date(Date.now() + 3_600_000) },
  transparentMessagePayload: { hms: { data: 'x' } },
  transparentMessageUrgency: 'HIGH',
  thirdChannelCategory: { hms: '9' },
  notifyLevel: { oppo: '2' },
  extendedParams: { sound: 'default' },
  silent: true,
}
const recurring: BroadcastRequest = { ...request, strategy: weekly }
const raw: BroadcastRequest = {
  ...request,
  strategy: undefined,
  strategyType: 2,
  strategyContent: {
    startTime: chinaMidnightMs('2030-01-01'),
    endTime: chinaMidnightMs('2030-01-31'),
    circleType: 'daily',
    time: '08:00:00',
  },
}
// @ts-expect-error deliveryType 3 does not exist
const badDelivery: BroadcastRequest = { ...request, deliveryType: 3 }
// @ts-expect-error strategy.at must be a Date
const badAt: BroadcastRequest = { ...request, strategy: { at: '2030-01-01' } }

async function main(): Promise<void> {
  try {
    const result: BroadcastResult = await client.pushBroadcast(request)
    const taskId: string | null = result.taskId
    const status: number = result.httpStatus
    console.log(result.requestId, taskId, status, result.resultCode)
  } catch (e: unknown) {
    if (isMpaasPushError(e)) {
      const err: MpaasPushError = e
      const message: string = err.message
      if (err.code === 'validation') console.log(err.field, err.rule, message)
      if (err.code === 'timeout') console.log(err.timeoutKind, err.maybeSent)
      const retry: boolean = err.retryable
      const id: string | null = err.requestId
      console.log(retry, id, err.httpStatus, err.serviceCode, err.attempts, err.clockOffset)
      // @ts-expect-error not a code of this package
      if (err.code === 'ERR_SOMETHING') console.log('never')
    }
  }
  const p: PreparedRequest = client.prepareBroadcast(recurring, { nonce: 'n', timestamp: new Date() })
  const p2: PreparedRequest = client.prepareBroadcast(raw, { timestamp: '2030-01-01T00:00:00Z' })
  console.log(p.url, p.headers['content-type'], p.signedParams['Signature'], p.canonicalRequest, p2.stringToSign)
  const codes: string[] = errorCodes()
  console.log(codes, client.closed, client.endpoint, client.userAgent, JSON.stringify(client), fromEnv)
  client.close()
  void badOptions
  void badDelivery
  void badAt
}

void main()
