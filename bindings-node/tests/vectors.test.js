'use strict'
// The shared vector files (tests/vectors/*.json) through the Node API;
// mirrors tests/tests/vectors.rs and the Python suite's test_vectors.py.

const assert = require('node:assert/strict')
const { test } = require('node:test')

const mpaas = require('mpaas-push')
const { Client } = mpaas
const { ID, SECRET, assertClean, load, throws } = require('./support.js')

const REQUESTS = load('requests.json').cases
const INVALID = load('invalid-requests.json').cases
const VALID = load('valid-requests.json').cases
const ERROR_CODES = load('error-codes.json').codes

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
const REDACTED = '** redacted **'

function form(text) {
  return Object.fromEntries(new URLSearchParams(text))
}

test('the vector files are not empty', () => {
  assert.ok(REQUESTS.length >= 9 && INVALID.length >= 16 && VALID.length >= 10)
})

for (const c of REQUESTS) {
  test(`request vector ${c.name}: hmac-sha1 signature and signed parameters`, () => {
    const cr = c.credentials
    const v1 = c.v1
    const client = new Client({
      accessKeyId: cr.accessKeyId,
      accessKeySecret: cr.accessKeySecret,
      securityToken: cr.securityToken,
    })
    const p = client.prepareBroadcast(c.request, { nonce: v1.nonce, timestamp: v1.timestamp })
    assert.equal(p.signature, v1.signature)
    assert.equal(p.method, 'POST')
    assert.equal(v1.method, 'POST')
    assert.equal(p.nonce, v1.nonce)
    assert.equal(p.timestamp, v1.timestamp)
    assert.equal(p.signatureMethod, 'hmac-sha1')
    const want = { ...v1.signedParams }
    if (cr.securityToken !== undefined) {
      // Signed with the real token, shown redacted.
      assert.equal(want.SecurityToken, cr.securityToken)
      assert.equal(p.signedParams.SecurityToken, REDACTED)
      want.SecurityToken = REDACTED
      assertClean(p, client)
    }
    assert.deepEqual(p.signedParams, want)
    // What is sent is what was signed: query + body decode to the signed set.
    const url = new URL(p.url)
    const sent = form(url.search)
    assert.equal(sent.Signature, p.signature)
    delete sent.Signature
    Object.assign(sent, form(p.body))
    assert.deepEqual(sent, p.signedParams)
    assert.equal(p.headers['content-type'], 'application/x-www-form-urlencoded')
  })
}

test('the same vector signed with a Date timestamp gives the same signature', () => {
  const c = REQUESTS[0]
  const client = new Client({ accessKeyId: c.credentials.accessKeyId, accessKeySecret: c.credentials.accessKeySecret })
  const p = client.prepareBroadcast(c.request, { nonce: c.v1.nonce, timestamp: new Date(c.v1.timestamp) })
  assert.equal(p.signature, c.v1.signature)
})

test('acs3-hmac-sha256 dry runs carry the canonical request', () => {
  const c = REQUESTS[0]
  const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET, signature: 'acs3-hmac-sha256' })
  const p = client.prepareBroadcast(c.request, { nonce: c.v3.nonce, timestamp: c.v3.date })
  assert.equal(p.signatureMethod, 'acs3-hmac-sha256')
  assert.equal(typeof p.canonicalRequest, 'string')
  assert.match(p.headers.authorization, /^ACS3-HMAC-SHA256 Credential=testid,/)
  assert.deepEqual(form(p.body), c.v3.bodyParams)
})

for (const c of INVALID) {
  test(`invalid request ${c.name} is rejected naming ${c.field}`, () => {
    const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET })
    const e = throws(() => client.prepareBroadcast(c.request, { timestamp: c.now }), {
      code: 'validation',
      field: c.field,
      maybeSent: false,
      retryable: false,
      attempts: 0,
    })
    if (c.rule !== undefined) assert.equal(e.rule, c.rule, e.message)
  })
}

for (const c of VALID) {
  test(`valid request ${c.name} passes and encodes as pinned`, () => {
    const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET })
    const p = client.prepareBroadcast(c.request, { timestamp: c.now })
    // The Node API always sends payloads flattened (the default encoding):
    // the JSON-encoding case is checked for acceptance only.
    if (c.payloadEncoding === 'json') return
    const params = Object.fromEntries(Object.entries(p.signedParams).filter(([k]) => !COMMON.has(k)))
    assert.deepEqual(params, c.params)
    assert.deepEqual(form(p.body), c.params)
  })
}

test('errorCodes() is exactly the shared contract', () => {
  assert.deepEqual(
    mpaas.errorCodes(),
    ERROR_CODES.map((c) => c.code),
  )
})
