'use strict'
// The dry-run object the package builds (engine-side, from flat text) is the
// core's PreparedRequest: the same keys in the same order, the same header
// and signed-parameter maps, the same values. The core's own serde form is
// what the CLI prints for `broadcast --dry-run`; both sign every
// requests.json case with the same key, nonce and timestamp, in both
// signature methods (acs3 adds `canonicalRequest`).

const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { test } = require('node:test')

const { Client } = require('mpaas-push')
const { load } = require('./support.js')

const CASES = load('requests.json').cases
const BIN = process.env.MPAAS_PUSH_BIN
const ENDPOINT = 'http://127.0.0.1:9'

function cliDryRun(c, signature, file) {
  const cr = c.credentials
  const env = {
    ...process.env,
    ALIBABA_CLOUD_ACCESS_KEY_ID: cr.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: cr.accessKeySecret,
  }
  delete env.ALIBABA_CLOUD_SECURITY_TOKEN
  if (cr.securityToken !== undefined) env.ALIBABA_CLOUD_SECURITY_TOKEN = cr.securityToken
  const out = execFileSync(
    BIN,
    ['broadcast', '--request', file, '--dry-run', '--nonce', c.v1.nonce,
      '--timestamp', c.v1.timestamp, '--signature', signature, '--endpoint', ENDPOINT],
    { env, encoding: 'utf8' },
  )
  return JSON.parse(out)
}

for (const signature of ['hmac-sha1', 'acs3-hmac-sha256']) {
  test(`dry run (${signature}): the keys and values of the core's PreparedRequest, every requests.json case`, (t) => {
    if (!BIN) return t.skip('MPAAS_PUSH_BIN is not set: run the suite through scripts/node.sh')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpaas-push-shape-'))
    try {
      for (const c of CASES) {
        const file = path.join(dir, `${c.name}.json`)
        fs.writeFileSync(file, JSON.stringify(c.request))
        const core = cliDryRun(c, signature, file)
        const cr = c.credentials
        const client = new Client({
          accessKeyId: cr.accessKeyId,
          accessKeySecret: cr.accessKeySecret,
          securityToken: cr.securityToken,
          endpoint: ENDPOINT,
          signature,
        })
        const p = client.prepareBroadcast(c.request, { nonce: c.v1.nonce, timestamp: c.v1.timestamp })
        assert.deepEqual(Object.keys(p), Object.keys(core), c.name)
        assert.equal('canonicalRequest' in p, signature === 'acs3-hmac-sha256', c.name)
        assert.deepEqual(Object.keys(p.headers), Object.keys(core.headers), c.name)
        assert.deepEqual(Object.keys(p.signedParams), Object.keys(core.signedParams), c.name)
        // The user agent names the binding (node / cli); everything else is equal.
        assert.match(p.headers['user-agent'], /\(node\)$/)
        assert.deepEqual(
          { ...p, headers: { ...p.headers, 'user-agent': '' } },
          { ...core, headers: { ...core.headers, 'user-agent': '' } },
          c.name,
        )
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
}
