'use strict'
// Secrets (issue 8): every error family, every dry run and the client's
// own text forms, driven in a child process (tests/secrets-driver.js) with
// a distinctive access key secret and STS token; neither may appear —
// raw or percent-encoded — in any error message, inspect/String/JSON/stack
// form, dry-run output, or anything the process writes to stdout or stderr
// (Rust panic messages included). The Node binding surfaces no engine logs
// (no logging hook; the core's `tracing` has no subscriber here), so the
// child runs with RUST_LOG=trace and everything it prints is captured.

const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const path = require('node:path')
const { after, before, test } = require('node:test')

const mpaas = require('mpaas-push')
const { Emulator } = require('./support.js')

// Distinctive values; each carries a marker that survives any encoding.
const STS_ID = 'STS.secrets-node'
const SECRET = 'Zq9SECRETxK3-node+secret/value='
const TOKEN = 'CAIS+Zq9TOKENxK3/node=sts-token'
const WRONG_SECRET = 'Zq9WRONGxK3-node-secret'
const OTHER_TOKEN = 'CAIS+Zq9OTHERxK3/token'
const MARKERS = ['Zq9SECRETxK3', 'Zq9TOKENxK3', 'Zq9WRONGxK3', 'Zq9OTHERxK3']

/** Every form a secret could take on the wire or in a text. */
function forms(s) {
  const once = encodeURIComponent(s)
  return [s, once, encodeURIComponent(once), s.replace(/\+/g, ' '), Buffer.from(s).toString('base64')]
}
const PROXY_PASSWORD = 'Px8-proxy-pw-Kd5'
const FORBIDDEN = [...MARKERS, ...[SECRET, TOKEN, WRONG_SECRET, OTHER_TOKEN, PROXY_PASSWORD].flatMap(forms)]

let emu

before(async () => {
  emu = await Emulator.start({ extraKeys: [`${STS_ID}:${SECRET}:${TOKEN}`] })
})

after(async () => {
  await emu?.stop()
})

function runDriver() {
  const child = spawn(process.execPath, [path.join(__dirname, 'secrets-driver.js')], {
    cwd: path.join(__dirname, '..'),
    env: {
      ...process.env,
      RUST_LOG: 'trace',
      RUST_BACKTRACE: 'full',
      NODE_DEBUG: 'http,net',
      SECRETS_EMULATOR_URL: emu.url,
      SECRETS_STS_ID: STS_ID,
      SECRETS_SECRET: SECRET,
      SECRETS_TOKEN: TOKEN,
      SECRETS_WRONG_SECRET: WRONG_SECRET,
      SECRETS_OTHER_TOKEN: OTHER_TOKEN,
      SECRETS_PROXY_PASSWORD: PROXY_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d
  })
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

test('no secret or STS token in any error, dry run, text form or output line, for every error family', async (t) => {
  const { code, signal, stdout, stderr } = await runDriver()
  assert.equal(signal, null, `driver killed by ${signal}; stderr:\n${stderr}`)
  assert.equal(code, 0, `driver failed (${code}); stderr:\n${stderr.slice(-4000)}`)
  const records = stdout
    .split('\n')
    .filter((l) => l.startsWith('{"kind":'))
    .map((l) => JSON.parse(l))
  assert.deepEqual(records.at(-1), { kind: 'done' })
  const errors = records.filter((r) => r.kind === 'error')
  // Every family of the error-code contract was provoked.
  assert.deepEqual([...new Set(errors.map((r) => r.code))].sort(), [...mpaas.errorCodes()].sort())
  for (const r of errors) {
    assert.ok(r.name.startsWith(r.code), `${r.name} came out as ${r.code}: ${r.texts[3]}`)
  }
  const dryRuns = records.filter((r) => r.kind === 'dry-run')
  assert.equal(dryRuns.length, 6)
  // The dry runs did sign with the token (shown redacted), and the
  // signature may appear: only the secret and the token never do.
  assert.ok(dryRuns.every((r) => r.texts.some((x) => x.includes('** redacted **'))))
  // The panics did print (Rust's panic message on stderr), so the capture
  // is live.
  assert.match(stderr, /test hook: panic armed at Send/)
  const lines = `${stdout}\n${stderr}`.split('\n')
  const leaks = []
  for (const line of lines) {
    for (const s of FORBIDDEN) if (line.includes(s)) leaks.push(`${JSON.stringify(s)} in: ${line.slice(0, 300)}`)
  }
  assert.deepEqual(leaks, [])
  t.diagnostic(`${errors.length} errors in ${new Set(errors.map((r) => r.code)).size} families, ${dryRuns.length} dry runs, ${lines.length} output lines checked`)
})
