'use strict'
// The package surface without a server: exports, options, dry runs, the
// typed schedule, errors, secrets, the panic guard and close().

const assert = require('node:assert/strict')
const path = require('node:path')
const util = require('node:util')
const { test } = require('node:test')

const mpaas = require('mpaas-push')
const { Client } = mpaas
const { ID, SECRET, STS_ID, TOKEN, assertClean, request, throws } = require('./support.js')

const NOW = '2026-11-28T04:00:00Z'

function client(options = {}) {
  return new Client({ accessKeyId: ID, accessKeySecret: SECRET, ...options })
}

test('the installed package is the one under test', () => {
  const resolved = require.resolve('mpaas-push')
  assert.ok(resolved.includes(`${path.sep}node_modules${path.sep}mpaas-push${path.sep}`), resolved)
  assert.equal(mpaas.__napiBindingTarget, 'native')
})

test('named exports, no default-export class', () => {
  for (const name of ['Client', 'PageIterator', 'errorCodes', 'generateMsgkey', 'isMpaasPushError', 'version']) {
    assert.equal(typeof mpaas[name], 'function', name)
  }
  assert.equal(mpaas.default, undefined)
  assert.match(mpaas.version(), /^\d+\.\d+\.\d+/)
  assert.equal(typeof Client.fromEnv, 'function')
})

test('helpers: msgkeys', () => {
  const a = mpaas.generateMsgkey()
  assert.match(a, /^[0-9a-f-]{36}$/)
  assert.notEqual(a, mpaas.generateMsgkey())
})

test('enums take documented numbers or readable names', () => {
  const c = client()
  const byName = c.prepareBroadcast(request({ msgkey: 'k', deliveryType: 'ios', pushStatus: 'all', unBindPeriod: 'permanent', bindPeriod: undefined }), { nonce: 'n', timestamp: NOW })
  const byNumber = c.prepareBroadcast(request({ msgkey: 'k', deliveryType: 2, pushStatus: 1, unBindPeriod: 4, bindPeriod: undefined }), { nonce: 'n', timestamp: NOW })
  assert.equal(byName.signature, byNumber.signature)
  assert.equal(byName.signedParams.DeliveryType, '2')
  assert.equal(byName.signedParams.UnBindPeriod, '4')
})

test('undefined fields are absent, null fields too', () => {
  const c = client()
  const p = c.prepareBroadcast(request({ tenantId: undefined, channelId: null }), { timestamp: NOW })
  assert.ok(!('TenantId' in p.signedParams))
  assert.ok(!('ChannelId' in p.signedParams))
})

test('typed schedule: { at } as a Date, epoch ms or RFC 3339 text signs the same', () => {
  const c = client()
  const at = new Date('2026-12-01T01:00:00Z')
  const sign = (schedule) => c.prepareBroadcast(request({ msgkey: 'same', schedule }), { nonce: 'n', timestamp: NOW })
  const p = sign({ at })
  assert.equal(p.signedParams.StrategyType, '1')
  assert.equal(p.signedParams.StrategyContent, `{"fixedTime":${at.getTime()}}`)
  assert.equal(sign({ at: at.getTime() }).signature, p.signature)
  assert.equal(sign({ at: '2026-12-01T09:00:00+08:00' }).signature, p.signature)
  assert.equal(sign('immediate').signedParams.StrategyType, '0')
})

test('typed schedule: recurring days become China midnights (the core converts)', () => {
  const c = client()
  const schedule = { every: 'weekly', days: [1, 3], start: '2026-11-29', end: '2026-12-13', time: '09:45:11' }
  const p = c.prepareBroadcast(request({ schedule }), { timestamp: NOW })
  assert.equal(p.signedParams.StrategyType, '2')
  assert.equal(
    p.signedParams.StrategyContent,
    '{"startTime":1795881600000,"endTime":1797091200000,"circleType":2,"circleValue":[1,3],"time":"09:45:11"}',
  )
  const daily = c.prepareBroadcast(request({ schedule: { every: 'daily', start: '2026-11-29', end: '2026-11-29', time: '08:00:00' } }), { timestamp: NOW })
  assert.equal(daily.signedParams.StrategyContent, '{"startTime":1795881600000,"endTime":1795881600000,"circleType":1,"time":"08:00:00"}')
})

test('typed schedule errors are the core\'s', () => {
  const c = client()
  const prep = (schedule) => () => c.prepareBroadcast(request({ schedule }), { timestamp: NOW })
  throws(prep({ at: 'tomorrow' }), { code: 'validation', field: 'schedule.at', rule: 'time_format' })
  throws(prep({ at: new Date('not a date') }), { field: 'schedule.at', rule: 'type', value: 'an Invalid Date' })
  throws(prep({ at: new Date('2026-11-27T00:00:00Z') }), { rule: 'in_future' })
  throws(prep({ at: new Date('2026-12-01T01:00:00.500Z') }), { rule: 'whole_seconds' })
  throws(prep({ every: 'weekly', start: '2026-11-29', end: '2026-12-01', time: '09:00:00' }), { field: 'schedule.days', rule: 'required' })
  throws(prep({ every: 'daily', start: '2026-11-29', end: '2026-12-01', time: '09:00:00', days: [1] }), { field: 'schedule.days', rule: 'not_allowed' })
  throws(prep({ every: 'hourly', start: '2026-11-29', end: '2026-12-01', time: '09:00:00' }), { field: 'schedule.every', rule: 'one_of' })
  throws(prep({ every: 'daily', start: '29/11/2026', end: '2026-12-01', time: '09:00:00' }), { field: 'schedule.start', rule: 'date_format' })
  throws(prep({ every: 'daily', start: '2026-11-29', end: '2026-12-01', time: '09:00:00', timezone: 'UTC' }), { field: 'schedule.timezone', rule: 'unknown_field' })
  throws(prep(42), { field: 'schedule', rule: 'type' })
  throws(() => c.prepareBroadcast(request({ schedule: { at: new Date('2026-12-01T01:00:00Z') }, strategyType: 1 }), { timestamp: NOW }), {
    field: 'strategyType',
    rule: 'not_allowed',
  })
})

test('values with no JSON form are rejected naming their path', () => {
  const c = client()
  const prep = (overrides) => () => c.prepareBroadcast(request(overrides), { timestamp: NOW })
  throws(prep({ templateKeyValue: new Map([['content', 'x']]) }), { code: 'validation', field: 'templateKeyValue', rule: 'type' })
  throws(prep({ templateKeyValue: { content: () => 'x' } }), { field: 'templateKeyValue.content', rule: 'type' })
  throws(prep({ expiredSeconds: Number.NaN }), { field: 'expiredSeconds', rule: 'type' })
  throws(prep({ expiredSeconds: 300.5 }), { field: 'expiredSeconds', rule: 'type' })
  throws(prep({ msgkey: Symbol('k') }), { field: 'msgkey', rule: 'type' })
  const cyclic = { a: 'b' }
  cyclic.self = cyclic
  const deep = throws(prep({ transparentMessagePayload: { hms: cyclic } }), { code: 'validation', rule: 'max_depth' })
  assert.ok(deep.field.startsWith('transparentMessagePayload.hms.self.self'), deep.field)
  throws(() => c.prepareBroadcast(undefined), { field: 'request', rule: 'type' })
  throws(() => c.prepareBroadcast('appId=x'), { field: 'request', rule: 'type' })
  throws(prep({ expiredSeconds: 300n }), { field: 'expiredSeconds', rule: 'type', value: 'a BigInt' })
  class Values {
    content = 'x'
  }
  throws(prep({ templateKeyValue: new Values() }), { field: 'templateKeyValue', rule: 'type', value: 'a Values' })
  // Plain objects of any prototype-less kind are fine.
  const bare = Object.assign(Object.create(null), { content: 'x' })
  assert.ok(c.prepareBroadcast(request({ templateKeyValue: bare }), { timestamp: NOW }).signature)
})

test('options: bad values are config errors naming the option and the rule', () => {
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, readTimeout: 5 }), { code: 'config', field: 'readTimeout', rule: 'unknown_field' })
  const e = throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, readtimeoutms: 5 }), { code: 'config', field: 'readtimeoutms', rule: 'unknown_field' })
  assert.match(e.message, /did you mean `readTimeoutMs`/)
  throws(() => new Client('not options'), { code: 'config', field: 'options', rule: 'type' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, retry: { maxAttempts: () => 3 } }), {
    code: 'config',
    field: 'retry.maxAttempts',
    rule: 'type',
    value: 'a function',
  })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, connectTimeoutMs: 5000n }), { code: 'config', field: 'connectTimeoutMs', rule: 'type' })
  // undefined and null options are the defaults.
  assert.equal(new Client({ accessKeyId: ID, accessKeySecret: SECRET, region: undefined, retry: null }).endpoint, 'https://mpaas.cn-hangzhou.aliyuncs.com/')
  const ok = new Client({ accessKeyId: ID, accessKeySecret: SECRET, userAgentSuffix: 'my-app/1.0', region: 'cn-shanghai' })
  assert.equal(ok.endpoint, 'https://mpaas.cn-shanghai.aliyuncs.com/')
  assert.match(ok.userAgent, /^mpaas-push\/\S+ \(node\) my-app\/1\.0$/)
})

test('prepareBroadcast options are checked', () => {
  const c = client()
  throws(() => c.prepareBroadcast(request(), { timestamp: 'yesterday' }), { code: 'validation', field: 'timestamp', rule: 'time_format' })
  throws(() => c.prepareBroadcast(request(), { timestamp: 5 }), { code: 'validation', field: 'timestamp', rule: 'type' })
  throws(() => c.prepareBroadcast(request(), { nonce: 5 }), { code: 'validation', field: 'nonce', rule: 'type' })
  throws(() => c.prepareBroadcast(request(), { seed: 1 }), { code: 'validation', field: 'seed' })
  throws(() => c.prepareBroadcast(request(), 'now'), { code: 'validation', field: 'options', rule: 'type' })
  // A Date and its RFC 3339 text pin the same time.
  const at = new Date(NOW)
  assert.equal(c.prepareBroadcast(request({ msgkey: 'k' }), { nonce: 'n', timestamp: at }).signature, c.prepareBroadcast(request({ msgkey: 'k' }), { nonce: 'n', timestamp: NOW }).signature)
  const p = c.prepareBroadcast(request())
  assert.match(p.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  assert.ok(p.nonce.length >= 16)
})

test('the client shows no secret: inspect, JSON, String, errors', () => {
  const c = new Client({ accessKeyId: STS_ID, accessKeySecret: SECRET, securityToken: TOKEN })
  assert.deepEqual(Object.keys(c), [])
  assertClean(c)
  assert.match(util.inspect(c), /^Client\(endpoint="https:\/\/mpaas\.cn-hangzhou\.aliyuncs\.com\/"/)
  assert.deepEqual(JSON.parse(JSON.stringify(c)), {
    endpoint: 'https://mpaas.cn-hangzhou.aliyuncs.com/',
    userAgent: c.userAgent,
    closed: false,
  })
  const p = c.prepareBroadcast(request(), { timestamp: NOW })
  assert.equal(p.signedParams.SecurityToken, '** redacted **')
  assertClean(p)
  const e = throws(() => new Client({ accessKeyId: ID, accessKeySecret: { secret: SECRET } }), { code: 'config', field: 'accessKeySecret', rule: 'type' })
  assertClean(e)
})

test('errors are Error instances with every documented property', () => {
  const c = client()
  const e = throws(() => c.prepareBroadcast(request({ expiredSeconds: 0 })), {
    code: 'validation',
    field: 'expiredSeconds',
    rule: 'positive',
    value: '0',
    requestId: null,
    httpStatus: null,
    serviceCode: null,
    retryable: false,
    maybeSent: false,
    attempts: 0,
    recommend: null,
    clockOffset: null,
    timeoutKind: null,
    bodyExcerpt: null,
  })
  assert.ok(e instanceof Error)
  assert.equal(e.message, 'invalid request: expiredSeconds: must be greater than 0 (got 0)')
  assert.ok(mpaas.isMpaasPushError(e))
  assert.ok(!mpaas.isMpaasPushError(new Error('other')))
  assert.ok(!mpaas.isMpaasPushError({ code: 'validation' }))
  assert.ok(!mpaas.isMpaasPushError(null))
  assert.equal(JSON.parse(JSON.stringify(e)).field, 'expiredSeconds')
})

test('a Rust panic throws an internal error and the process lives on', async () => {
  const e = throws(() => mpaas._debugPanic(), { code: 'internal', maybeSent: true, retryable: false })
  assert.match(e.message, /Rust panic: deliberate test panic/)
  // The engine still works afterwards.
  assert.ok(client().prepareBroadcast(request(), { timestamp: NOW }).signature)
})

test('close(): later calls fail with a config error', async () => {
  const c = client()
  assert.equal(c.closed, false)
  c.close()
  assert.equal(c.closed, true)
  c.close()
  throws(() => c.prepareBroadcast(request()), { code: 'config' })
  const err = await c.pushBroadcast(request()).then(
    () => assert.fail('resolved'),
    (e) => e,
  )
  assert.equal(err.code, 'config')
  assert.match(String(c), /closed/)
})

test('pushBroadcast rejects (never throws) on invalid input', async () => {
  const c = client()
  let p
  assert.doesNotThrow(() => {
    p = c.pushBroadcast(request({ expiredSeconds: 'soon' }))
  })
  assert.ok(p instanceof Promise)
  const e = await p.then(
    () => assert.fail('resolved'),
    (x) => x,
  )
  assert.equal(e.code, 'validation')
  assert.equal(e.field, 'expiredSeconds')
})
