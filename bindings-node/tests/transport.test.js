'use strict'
// Issue 15 in Node: the real transport on loopback, through the public API
// only. HTTPS to the emulator serving TLS (`mpaas-push emulator --tls`,
// certificates that must be accepted and ones that must be refused), and a
// real proxy (tinyproxy: CONNECT with basic auth, plain HTTP, a wrong
// password, the proxy environment variables). Mirrors tests/tests/
// transport.rs and cli/tests/transport.rs; each test writes its row to
// target/reliability/node-transport-<name>.json (repo root) for
// scripts/reliability_report.py, as soon as it has observed it.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { after, before, test } = require('node:test')

const { Client } = require('mpaas-push')
const {
  ID,
  SECRET,
  FAST_RETRY,
  Emulator,
  assertClean,
  checkError,
  checkResult,
  freePort,
  rejects,
  request,
  textsOf,
} = require('./support.js')
const { Tinyproxy } = require('./tinyproxy.js')

const PROXY_USER = 'proxy-user'
const PROXY_PASSWORD = 'proxy-pw-Secret-77'
const AUTH = { user: PROXY_USER, password: PROXY_PASSWORD }
const WRONG_PASSWORD = 'wrong-Pw-99'
const UNREACHABLE_PASSWORD = 'pw-Hidden-1'
// The variables the core reads for FromEnv ('env', the default).
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy']

function required(name) {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set: run the suite through scripts/node.sh`)
  return v
}

const OUT = path.join(required('MPAAS_PUSH_REPO'), 'target/reliability')

before(() => {
  // Rows of an earlier run must not stand in for this one's.
  fs.mkdirSync(OUT, { recursive: true })
  for (const f of fs.readdirSync(OUT)) {
    if (f.startsWith('node-transport-')) fs.rmSync(path.join(OUT, f))
  }
})

/** One row of docs/reliability.md's "HTTPS and proxies" table. */
function record(name, what, err, accepted) {
  const row = err
    ? {
        name,
        what,
        outcome: 'error',
        code: err.code,
        maybeSent: err.maybeSent,
        attempts: err.attempts,
        accepted,
      }
    : { name, what, outcome: 'ok', accepted }
  fs.writeFileSync(
    path.join(OUT, `node-transport-${name}.json`),
    `${JSON.stringify({ language: 'node', transport: [row] }, null, 2)}\n`,
  )
}

const running = []
after(async () => {
  await Promise.all(running.map((p) => p.stop()))
})

async function emulator(options) {
  const emu = await Emulator.start(options)
  running.push(emu)
  return emu
}

async function tinyproxy(auth) {
  const proxy = await Tinyproxy.start(auth)
  running.push(proxy)
  return proxy
}

/** A client of `emu`: no proxy unless given (whatever this machine's
 * environment says: these tests choose), fast retries. */
function client(emu, options = {}) {
  return new Client({
    accessKeyId: ID,
    accessKeySecret: SECRET,
    endpoint: emu.url,
    proxy: 'none',
    retry: FAST_RETRY,
    ...options,
  })
}

/** Runs `fn` with exactly `vars` of the proxy variables set (the others
 * unset), then puts the environment back. The core reads it when a
 * client is built (`proxy` left at its default, 'env'). */
async function withProxyEnv(vars, fn) {
  const saved = Object.fromEntries(PROXY_VARS.map((k) => [k, process.env[k]]))
  for (const k of PROXY_VARS) delete process.env[k]
  Object.assign(process.env, vars)
  try {
    return await fn()
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

/** No proxy credential in any text form of `objs`. */
function assertNoProxySecret(secrets, ...objs) {
  for (const obj of objs) {
    for (const text of textsOf(obj)) {
      for (const s of secrets) assert.ok(!text.includes(s), `${JSON.stringify(s)} shown: ${text}`)
    }
  }
}

test('https-ca-added: HTTPS with the emulator CA (caFile): a broadcast and a companion action succeed', async () => {
  const emu = await emulator({ tls: true })
  assert.ok(emu.url.startsWith('https://127.0.0.1:'), emu.url)
  const c = client(emu, { caFile: emu.caFile })
  const r = await c.pushBroadcast(request({ msgkey: `tls-ok-${process.pid}` }))
  checkResult(r)
  const detail = await c.taskDetail({ appId: 'ONEX570DA89211721', workspaceId: 'test', taskId: r.taskId })
  assert.equal(detail.taskId, r.taskId)
  // A second client reads the CA file on its own; `send` takes the same path.
  const second = client(emu, { caFile: emu.caFile })
  checkResult(await second.send('PushBroadcast', request({ msgkey: `tls-ok2-${process.pid}` })))
  const received = await emu.received()
  record('https-ca-added', "HTTPS with the emulator's CA added (async, companion, blocking)", null, received)
  assert.equal(received, 3)
  assertClean(c, second)
  c.close()
  second.close()
})

/** Refused before anything is sent: code `tls`, not maybe-sent, one
 * attempt (never retried), the emulator received nothing. */
async function assertRefused({ tlsFault = null, addCa, reason, row }) {
  const emu = await emulator({ tls: true, tlsFault })
  const options = addCa ? { caFile: emu.caFile } : {}
  const e = await rejects(client(emu, options).pushBroadcast(request({ msgkey: `tls-refused-${process.pid}` })), {
    code: 'tls',
    maybeSent: false,
    retryable: false,
    attempts: 1,
  })
  const received = await emu.received()
  record(row[0], row[1], e, received)
  assert.ok(e.message.includes(emu.authority), `the message names ${emu.authority}: ${e.message}`)
  assert.ok(e.message.includes(reason), `the message gives the reason ${JSON.stringify(reason)}: ${e.message}`)
  assert.equal(received, 0, 'nothing may reach the service')
  assert.deepEqual(await emu.requests(), [])
}

test('https-untrusted-ca: the CA not added is refused (tls, not sent, 1 attempt)', async () => {
  await assertRefused({ addCa: false, reason: 'UnknownIssuer', row: ['https-untrusted-ca', 'HTTPS, the CA not added'] })
})

test('https-other-name: a certificate for another name is refused', async () => {
  await assertRefused({
    tlsFault: 'other-name',
    addCa: true,
    reason: 'not valid for name',
    row: ['https-other-name', 'HTTPS, a certificate for another name'],
  })
})

test('https-expired: an expired certificate is refused', async () => {
  await assertRefused({
    tlsFault: 'expired',
    addCa: true,
    reason: 'certificate expired',
    row: ['https-expired', 'HTTPS, an expired certificate'],
  })
})

test('proxy-connect-auth: HTTPS through tinyproxy (CONNECT, basic auth), one tunnel for three calls', async () => {
  const emu = await emulator({ tls: true })
  const proxy = await tinyproxy(AUTH)
  const c = client(emu, { caFile: emu.caFile, proxy: proxy.url(AUTH) })
  for (let i = 0; i < 3; i++) checkResult(await c.pushBroadcast(request({ msgkey: `via-proxy-${process.pid}-${i}` })))
  const received = await emu.received()
  record('proxy-connect-auth', 'HTTPS through tinyproxy (CONNECT, basic auth)', null, received)
  assert.equal(received, 3)
  assert.deepEqual(proxy.requests(), [`CONNECT ${emu.authority} HTTP/1.1`])
  assertNoProxySecret([PROXY_PASSWORD], c)
  c.close()
})

test('proxy-wrong-password: tinyproxy refuses (proxy, not sent, 1 attempt, no secret shown)', async () => {
  const emu = await emulator({ tls: true })
  const proxy = await tinyproxy(AUTH)
  const wrong = { user: PROXY_USER, password: WRONG_PASSWORD }
  const c = client(emu, { caFile: emu.caFile, proxy: proxy.url(wrong) })
  const e = await rejects(c.pushBroadcast(request({ msgkey: `bad-proxy-auth-${process.pid}` })), {
    code: 'proxy',
    maybeSent: false,
    retryable: false,
    attempts: 1,
  })
  const received = await emu.received()
  record('proxy-wrong-password', 'tinyproxy, wrong password', e, received)
  assert.ok(e.message.includes(`127.0.0.1:${proxy.port}`), e.message)
  assert.ok(e.message.includes('user name and password'), e.message)
  assertNoProxySecret([WRONG_PASSWORD, PROXY_PASSWORD, PROXY_USER], e, c)
  assert.equal(received, 0)
  c.close()
})

test('proxy-unreachable: a proxy where nothing listens (proxy, not sent, 1 attempt)', async () => {
  const emu = await emulator({ tls: true })
  const port = await freePort() // closed again: nothing listens there
  const c = client(emu, { caFile: emu.caFile, proxy: `http://u:${UNREACHABLE_PASSWORD}@127.0.0.1:${port}` })
  const e = await rejects(c.pushBroadcast(request({ msgkey: `no-proxy-there-${process.pid}` })), {
    code: 'proxy',
    maybeSent: false,
    attempts: 1,
  })
  const received = await emu.received()
  record('proxy-unreachable', 'a proxy where nothing listens', e, received)
  assert.ok(e.message.includes(`127.0.0.1:${port}`), e.message)
  assertNoProxySecret([UNREACHABLE_PASSWORD], e, c)
  assert.equal(received, 0)
  c.close()
})

test('proxy-plain-http: plain HTTP through tinyproxy (absolute form)', async () => {
  const emu = await emulator()
  const proxy = await tinyproxy(null)
  const c = client(emu, { proxy: proxy.url() })
  checkResult(await c.pushBroadcast(request({ msgkey: `http-proxy-${process.pid}` })))
  const received = await emu.received()
  record('proxy-plain-http', 'plain HTTP through tinyproxy (absolute form)', null, received)
  assert.equal(received, 1)
  const logged = proxy.requests()
  assert.equal(logged.length, 1, JSON.stringify(logged))
  assert.ok(logged[0].startsWith(`POST ${emu.url}/?`), JSON.stringify(logged))
  c.close()
})

test('proxy environment: HTTPS_PROXY / https_proxy by default, NO_PROXY bypasses, proxy "none" wins', async () => {
  const emu = await emulator({ tls: true })
  const proxy = await tinyproxy({ user: 'env-user', password: 'env-Pw-31' })
  const url = proxy.url({ user: 'env-user', password: 'env-Pw-31' })
  const connect = `CONNECT ${emu.authority} HTTP/1.1`
  // `proxy` left out: the default, 'env'.
  const envClient = (options = {}) =>
    new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: emu.url, caFile: emu.caFile, retry: FAST_RETRY, ...options })
  const send = async (c, tag) => {
    const r = await c.pushBroadcast(request({ msgkey: `env-${tag}-${process.pid}` }))
    assertNoProxySecret(['env-Pw-31'], c)
    c.close()
    return r
  }

  const upper = await withProxyEnv({ HTTPS_PROXY: url }, () => send(envClient(), 'upper'))
  checkResult(upper)
  assert.deepEqual(proxy.requests(), [connect], 'HTTPS_PROXY honoured by default')
  const lower = await withProxyEnv({ https_proxy: url }, () => send(envClient(), 'lower'))
  checkResult(lower)
  assert.deepEqual(proxy.requests(), [connect, connect], 'lower-case https_proxy too')
  const accepted = (...results) => results.filter((r) => r.taskId).length
  record('proxy-env-default', 'HTTPS_PROXY / https_proxy from the environment, honoured by default', null, accepted(upper, lower))

  const bypass = await withProxyEnv({ HTTPS_PROXY: url, NO_PROXY: 'localhost,127.0.0.1' }, () =>
    send(envClient(), 'no-proxy'),
  )
  checkResult(bypass)
  assert.equal(proxy.requests().length, 2, `NO_PROXY: the proxy saw nothing more: ${proxy.requests()}`)
  record('proxy-env-no-proxy', "NO_PROXY covering the host: the proxy's log shows no request", null, accepted(bypass))

  const none = await withProxyEnv({ HTTPS_PROXY: url }, () => send(envClient({ proxy: 'none' }), 'none'))
  checkResult(none)
  assert.equal(proxy.requests().length, 2, `proxy 'none': the proxy saw nothing more: ${proxy.requests()}`)
  record('proxy-explicit-none', 'an explicit "no proxy" option wins over HTTPS_PROXY', null, accepted(none))
  assert.equal(await emu.received(), 4)

  // A wrong password from the environment: the proxy error, no secret shown.
  const wrong = proxy.url({ user: 'env-user', password: 'wrong-Pw-88' })
  await withProxyEnv({ HTTPS_PROXY: wrong }, async () => {
    const c = envClient()
    const e = await rejects(c.pushBroadcast(request()), { code: 'proxy', maybeSent: false, attempts: 1 })
    assertNoProxySecret(['wrong-Pw-88', 'env-Pw-31'], e, c)
    c.close()
  })
  assert.equal(await emu.received(), 4)
})

test('caFile that does not exist: config error naming the option', () => {
  const e = (() => {
    try {
      new Client({ accessKeyId: ID, accessKeySecret: SECRET, caFile: path.join(OUT, 'no-such-ca.pem'), proxy: 'none' })
    } catch (err) {
      return err
    }
    return null
  })()
  assert.ok(e, 'a missing caFile must throw')
  checkError(e, { code: 'config', field: 'caFile', rule: 'certificates' })
})
