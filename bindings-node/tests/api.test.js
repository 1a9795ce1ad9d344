'use strict'
// The package surface without a server: exports, options, dry runs, the
// typed strategy, errors, secrets, the panic guard and close().

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
  for (const name of ['Client', 'errorCodes', 'generateMsgkey', 'chinaMidnightMs', 'isMpaasPushError', 'version']) {
    assert.equal(typeof mpaas[name], 'function', name)
  }
  assert.equal(mpaas.default, undefined)
  assert.match(mpaas.version(), /^\d+\.\d+\.\d+/)
  assert.equal(typeof Client.fromEnv, 'function')
})

test('helpers: msgkeys, China midnights', () => {
  const a = mpaas.generateMsgkey()
  assert.match(a, /^[0-9a-f-]{36}$/)
  assert.notEqual(a, mpaas.generateMsgkey())
  assert.equal(mpaas.chinaMidnightMs('2026-11-29'), 1795881600000)
  throws(() => mpaas.chinaMidnightMs('2026-13-01'), { code: 'validation', field: 'date', rule: 'date_format' })
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

test('typed strategy: { at: Date } becomes strategyType 1 with fixedTime', () => {
  const c = client()
  const at = new Date('2026-12-01T01:00:00Z')
  const p = c.prepareBroadcast(request({ strategy: { at } }), { timestamp: NOW })
  assert.equal(p.signedParams.StrategyType, '1')
  assert.equal(p.signedParams.StrategyContent, `{"fixedTime":${at.getTime()}}`)
})

test('typed strategy: recurring days become China midnights', () => {
  const c = client()
  const strategy = { every: 'weekly', days: [1, 3], start: '2026-11-29', end: '2026-12-13', time: '09:45:11' }
  const p = c.prepareBroadcast(request({ strategy }), { timestamp: NOW })
  assert.equal(p.signedParams.StrategyType, '2')
  assert.equal(
    p.signedParams.StrategyContent,
    '{"startTime":1795881600000,"endTime":1797091200000,"circleType":2,"circleValue":[1,3],"time":"09:45:11"}',
  )
  const daily = c.prepareBroadcast(request({ strategy: { every: 'daily', start: '2026-11-29', end: '2026-11-29', time: '08:00:00' } }), { timestamp: NOW })
  assert.equal(daily.signedParams.StrategyContent, '{"startTime":1795881600000,"endTime":1795881600000,"circleType":1,"time":"08:00:00"}')
  // The same schedule in raw form signs identically.
  const raw = c.prepareBroadcast(
    request({ msgkey: 'same', strategyType: 2, strategyContent: { startTime: 1795881600000, endTime: 1797091200000, circleType: 2, circleValue: [1, 3], time: '09:45:11' } }),
    { nonce: 'n', timestamp: NOW },
  )
  const typed = c.prepareBroadcast(request({ msgkey: 'same', strategy }), { nonce: 'n', timestamp: NOW })
  assert.equal(raw.signature, typed.signature)
})

test('typed strategy errors name strategy.* fields', () => {
  const c = client()
  const prep = (strategy) => () => c.prepareBroadcast(request({ strategy }), { timestamp: NOW })
  throws(prep({ at: '2026-12-01T01:00:00Z' }), { code: 'validation', field: 'strategy.at', rule: 'type' })
  throws(prep({ at: new Date('not a date') }), { field: 'strategy.at', rule: 'type' })
  throws(prep({ at: 1796086800000 }), { field: 'strategy.at', rule: 'type' })
  throws(prep({ at: new Date('2026-11-27T00:00:00Z') }), { field: 'strategy.at', rule: 'in_future' })
  throws(prep({ at: new Date('2026-12-01T01:00:00.500Z') }), { field: 'strategy.at', rule: 'whole_seconds' })
  throws(prep({ every: 'weekly', start: '2026-11-29', end: '2027-12-01', time: '09:00:00', days: [1] }), { field: 'strategy.end', rule: 'max_days_ahead' })
  throws(prep({ every: 'weekly', start: '2026-11-29', end: '2026-12-01', time: '09:00:00' }), { field: 'strategy.days', rule: 'required' })
  throws(prep({ every: 'daily', start: '2026-11-29', end: '2026-12-01', time: '09:00:00', days: [1] }), { field: 'strategy.days', rule: 'not_allowed' })
  throws(prep({ every: 'hourly', start: '2026-11-29', end: '2026-12-01', time: '09:00:00' }), { field: 'strategy.every', rule: 'one_of' })
  throws(prep({ every: 'daily', start: '29/11/2026', end: '2026-12-01', time: '09:00:00' }), { field: 'strategy.start', rule: 'date_format' })
  throws(prep({ every: 'daily', start: new Date(), end: '2026-12-01', time: '09:00:00' }), { field: 'strategy.start', rule: 'date_format' })
  throws(prep({ every: 'daily', end: '2026-12-01', time: '09:00:00' }), { field: 'strategy.start', rule: 'required' })
  throws(prep({ every: 'daily', start: '2026-11-29', end: '2026-12-01', time: '9:00' }), { field: 'strategy.time', rule: 'time_format' })
  throws(prep({ every: 'daily', start: '2026-11-29', end: '2026-12-01', time: '09:00:00', timezone: 'UTC' }), { field: 'strategy.timezone', rule: 'unknown_field' })
  throws(prep({ at: new Date('2026-12-01T01:00:00Z'), every: 'daily' }), { field: 'strategy.every', rule: 'not_allowed' })
  throws(prep('tomorrow'), { field: 'strategy', rule: 'type' })
  throws(prep({}), { field: 'strategy', rule: 'type' })
  throws(() => c.prepareBroadcast(request({ strategy: { at: new Date('2026-12-01T01:00:00Z') }, strategyType: 1 }), { timestamp: NOW }), {
    field: 'strategy',
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
  // A BigInt that fits is an integer.
  assert.equal(c.prepareBroadcast(request({ expiredSeconds: 300n }), { timestamp: NOW }).signedParams.ExpiredSeconds, '300')
})

test('options: bad values are config errors naming the option', () => {
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: 'http://mpaas.example.com' }), { code: 'config' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: 'ftp://127.0.0.1/' }), { code: 'config' })
  const e = throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, readTimeout: 5 }), { code: 'config' })
  assert.match(e.message, /readTimeoutMs/)
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, readTimeoutMs: -1 }), { code: 'config' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, retry: { maxAttempts: 0 } }), { code: 'config' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, retry: { attempts: 2 } }), { code: 'config' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, signature: 'md5' }), { code: 'config' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, apiVersion: '2000-01-01' }), { code: 'config' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, allowHttp: 'yes' }), { code: 'config' })
  throws(() => new Client('not options'), { code: 'config' })
  throws(() => new Client({ accessKeyId: ID }), { code: 'credentials' })
  throws(() => new Client({ securityToken: TOKEN }), { code: 'credentials' })
  throws(() => new Client({ accessKeyId: ID, accessKeySecret: 42 }), { code: 'credentials' })
  throws(() => Client.fromEnv({ accessKeyId: ID }), { code: 'config' })
  const ok = new Client({ accessKeyId: ID, accessKeySecret: SECRET, userAgentSuffix: 'my-app/1.0', region: 'cn-shanghai' })
  assert.equal(ok.endpoint, 'https://mpaas.cn-shanghai.aliyuncs.com/')
  assert.match(ok.userAgent, /^mpaas-push\/\S+ \(node\) my-app\/1\.0$/)
})

test('prepareBroadcast options are checked', () => {
  const c = client()
  throws(() => c.prepareBroadcast(request(), { timestamp: 'yesterday' }), { code: 'validation', field: 'timestamp', rule: 'time_format' })
  throws(() => c.prepareBroadcast(request(), { timestamp: 5 }), { code: 'validation', field: 'timestamp' })
  throws(() => c.prepareBroadcast(request(), { nonce: 5 }), { code: 'config' })
  throws(() => c.prepareBroadcast(request(), { seed: 1 }), { code: 'config' })
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
  const e = throws(() => new Client({ accessKeyId: ID, accessKeySecret: { secret: SECRET } }), { code: 'credentials' })
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
