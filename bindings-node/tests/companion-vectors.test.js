'use strict'
// The companion-action vector files through the Node API, case by case:
// companion-requests.json (official Python SDK: V1 signature and signed
// parameters exact, V3 body and signature checked) and companion-rules.json
// (invalid requests rejected naming field and rule; valid ones encoded as
// pinned). Mirrors tests/tests/companion_vectors.rs.

const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { test } = require('node:test')

const { Client } = require('mpaas-push')
const { ID, SECRET, assertClean, load, throws } = require('./support.js')

const REQUESTS = load('companion-requests.json').cases
const RULES = load('companion-rules.json')
const REDACTED = '** redacted **'
const ACTIONS = [
  'QueryPushSchedulerList',
  'CancelPushScheduler',
  'RevokePushTask',
  'RevokePushMessage',
  'QueryPushAnalysisTaskDetail',
  'QueryPushAnalysisTaskList',
]
// Signed parameters that are not operation parameters (RPC common + signature).
const COMMON = new Set([
  'AccessKeyId',
  'Action',
  'Format',
  'SecurityToken',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'Timestamp',
  'Version',
])

function form(text) {
  return Object.fromEntries(new URLSearchParams(text))
}

function clientFor(c, signature) {
  const cr = c.credentials
  return new Client({
    accessKeyId: cr.accessKeyId,
    accessKeySecret: cr.accessKeySecret,
    securityToken: cr.securityToken,
    signature,
  })
}

test('the companion vector files cover every companion action', () => {
  assert.equal(REQUESTS.length, 22)
  assert.deepEqual([...new Set(REQUESTS.map((c) => c.action))].sort(), [...ACTIONS].sort())
  assert.ok(RULES.invalid.length >= 30 && RULES.valid.length >= 4)
})

for (const c of REQUESTS) {
  test(`companion vector ${c.name} (${c.action}): hmac-sha1 signature and signed parameters`, () => {
    const cr = c.credentials
    const v1 = c.v1
    const client = clientFor(c)
    const p = client.prepare(c.action, c.request, { nonce: v1.nonce, timestamp: v1.timestamp })
    assert.equal(p.signature, v1.signature)
    assert.equal(p.signatureMethod, 'hmac-sha1')
    assert.equal(p.method, v1.method)
    assert.equal(p.nonce, v1.nonce)
    assert.equal(p.timestamp, v1.timestamp)
    const want = { ...v1.signedParams }
    if (cr.securityToken !== undefined) {
      // Signed with the real token, shown redacted.
      assert.equal(want.SecurityToken, cr.securityToken)
      assert.equal(p.signedParams.SecurityToken, REDACTED)
      want.SecurityToken = REDACTED
      for (const s of [p.url, p.body, JSON.stringify(p)]) assert.ok(!s.includes(cr.securityToken), s)
    }
    assert.deepEqual(p.signedParams, want)
    // The same split as the SDK: operation parameters in the body, the
    // common ones (and the signature) in the query.
    assert.deepEqual(form(p.body), v1.bodyParams)
    const query = form(new URL(p.url).search)
    const wantQuery = { ...v1.queryParams }
    if (cr.securityToken !== undefined) wantQuery.SecurityToken = REDACTED
    assert.deepEqual(query, wantQuery)
  })

  test(`companion vector ${c.name} (${c.action}): acs3-hmac-sha256 body and signature`, () => {
    const cr = c.credentials
    const v3 = c.v3
    const p = clientFor(c, 'acs3-hmac-sha256').prepare(c.action, c.request, { nonce: v3.nonce, timestamp: v3.date })
    assert.equal(p.signatureMethod, 'acs3-hmac-sha256')
    assert.deepEqual(form(p.body), v3.bodyParams)
    assert.equal(p.url, 'https://mpaas.cn-hangzhou.aliyuncs.com/')
    for (const h of ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'content-type']) {
      assert.equal(p.headers[h], v3.headers[h], h)
    }
    // Recompute the signature from the canonical request (with the real
    // token put back where the dry run shows it redacted).
    let canonical = p.canonicalRequest
    if (cr.securityToken !== undefined) {
      assert.equal(p.headers['x-acs-security-token'], REDACTED)
      canonical = canonical.replace(REDACTED, cr.securityToken)
      assertClean(p)
    }
    const hash = crypto.createHash('sha256').update(canonical).digest('hex')
    assert.equal(p.stringToSign, `ACS3-HMAC-SHA256\n${hash}`)
    const sig = crypto.createHmac('sha256', cr.accessKeySecret).update(p.stringToSign).digest('hex')
    assert.equal(p.signature, sig)
    assert.ok(p.headers.authorization.endsWith(`,Signature=${sig}`), p.headers.authorization)
  })
}

test('send() and prepare() accept the snake_case action name', () => {
  const c = REQUESTS[0]
  const p = clientFor(c).prepare('query_push_scheduler_list', c.request, { nonce: c.v1.nonce, timestamp: c.v1.timestamp })
  assert.equal(p.signature, c.v1.signature)
})

test('Date and RFC 3339 times sign like epoch milliseconds', () => {
  const c = REQUESTS.find((x) => x.name === 'scheduler-list-minimal')
  const opts = { nonce: c.v1.nonce, timestamp: c.v1.timestamp }
  const asDates = { ...c.request, startTime: new Date(c.request.startTime), endTime: new Date(c.request.endTime) }
  const asText = { ...c.request, startTime: new Date(c.request.startTime).toISOString(), endTime: new Date(c.request.endTime).toISOString() }
  for (const request of [asDates, asText]) {
    assert.equal(clientFor(c).prepare(c.action, request, opts).signature, c.v1.signature)
  }
})

for (const c of RULES.invalid) {
  test(`companion rule ${c.name}: ${c.action} rejected naming ${c.field} (${c.rule})`, () => {
    const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET })
    throws(() => client.prepare(c.action, c.request, { timestamp: c.now }), {
      code: 'validation',
      field: c.field,
      rule: c.rule,
      maybeSent: false,
      retryable: false,
      attempts: 0,
    })
  })
}

for (const c of RULES.valid) {
  test(`companion rule ${c.name}: ${c.action} passes and encodes as pinned`, () => {
    const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET })
    const p = client.prepare(c.action, c.request, { timestamp: c.now })
    const params = Object.fromEntries(Object.entries(p.signedParams).filter(([k]) => !COMMON.has(k)))
    assert.deepEqual(params, c.wire)
    assert.deepEqual(form(p.body), c.wire)
  })
}

test('the revoke window is checked against the pinned timestamp, with a Date too', () => {
  const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET })
  const base = { appId: 'ONEX570DA89211721', workspaceId: 'test', taskId: '1000001' }
  const now = '2026-11-28T04:00:00Z'
  const p = client.prepare('RevokePushTask', { ...base, sentAt: new Date('2026-11-21T04:00:00Z') }, { timestamp: now })
  assert.equal(form(p.body).TaskId, '1000001')
  assert.equal(form(p.body).SentAt, undefined)
  throws(() => client.prepare('RevokePushTask', { ...base, sentAt: new Date('2026-11-21T03:59:59Z') }, { timestamp: now }), {
    code: 'validation',
    field: 'sentAt',
    rule: 'revoke_window',
  })
})

test('request shapes are checked by the core, naming the field', () => {
  const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET })
  const q = { appId: 'A', workspaceId: 'W', startTime: 1, endTime: 2 }
  throws(() => client.prepare('QueryPushSchedulerList', { ...q, startTime: new Date(NaN) }), { code: 'validation', field: 'startTime', rule: 'type' })
  throws(() => client.prepare('QueryPushSchedulerList', { ...q, pageSize: new Map() }), { code: 'validation', field: 'pageSize', rule: 'type' })
  // A Date is its ISO text (as in JSON.stringify), wherever it is.
  const at = new Date('2026-11-28T04:00:00Z')
  assert.equal(client.prepare('QueryPushSchedulerList', { ...q, uniqueId: at }).signedParams.UniqueId, '2026-11-28T04:00:00.000Z')
  throws(() => client.prepare('QueryPushSchedulerList', 'not a query'), { code: 'validation', field: 'request' })
  throws(() => client.prepare('NoSuchAction', q), { code: 'config', field: 'action', rule: 'one_of' })
  throws(() => client.prepare(42, q), { code: 'validation', field: 'action', rule: 'type' })
  throws(() => client.prepare('QueryPushSchedulerList', q, { seed: 1 }), { code: 'validation', field: 'seed' })
})
