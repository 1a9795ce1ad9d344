'use strict'
// Run by secrets.test.js as a child process (not a test file itself): drives
// every error family and every dry run with a client whose secret and STS
// token are distinctive, and prints every text form of each outcome to
// stdout, one JSON line each. The parent captures ALL of this process's
// output — stdout, stderr, Rust panic messages, anything the engine might
// log — and checks that neither secret appears anywhere.
//
// The Node binding does not surface the core's `tracing` logs (it installs
// no subscriber and has no logging hook), so the parent runs this process
// with RUST_LOG=trace and RUST_BACKTRACE=full: should a log bridge ever
// appear, its output lands in the captured streams too.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const util = require('node:util')

const mpaas = require('mpaas-push')
const { Client } = mpaas
const { Emulator, freePort, request } = require('./support.js')

const env = (name) => {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set`)
  return v
}

const URL = env('SECRETS_EMULATOR_URL')
const STS_ID = env('SECRETS_STS_ID')
const SECRET = env('SECRETS_SECRET')
const TOKEN = env('SECRETS_TOKEN')
const WRONG = env('SECRETS_WRONG_SECRET')
const OTHER_TOKEN = env('SECRETS_OTHER_TOKEN')
const PROXY_PASSWORD = env('SECRETS_PROXY_PASSWORD')

const emu = new Emulator(URL, null)
const FAST = { baseDelayMs: 5, maxDelayMs: 20 }
const ONCE = { ...FAST, maxAttempts: 1 }

/** A client holding the distinctive STS credentials. */
function client(options = {}) {
  return new Client({ accessKeyId: STS_ID, accessKeySecret: SECRET, securityToken: TOKEN, endpoint: URL, retry: FAST, ...options })
}

/** Every text a user could see of `v`. */
function texts(v) {
  const out = [util.inspect(v, { showHidden: true, depth: 8 }), String(v)]
  try {
    out.push(JSON.stringify(v))
  } catch {
    // not serialisable
  }
  if (v instanceof Error) {
    out.push(v.message, v.stack ?? '')
    for (const [k, x] of Object.entries(v)) out.push(`${k}=${String(x)}`)
  }
  return out
}

function emit(kind, name, v) {
  const line = { kind, name, code: v instanceof Error ? (v.code ?? null) : null, texts: texts(v) }
  process.stdout.write(`${JSON.stringify(line)}\n`)
  // Also the way users most often see them.
  console.log(v)
  console.error(v instanceof Error ? v.stack : util.inspect(v))
}

async function expectError(name, fn) {
  try {
    await fn()
  } catch (e) {
    emit('error', name, e)
    return
  }
  throw new Error(`${name}: expected an error`)
}

async function withEnv(vars, fn) {
  const saved = {}
  const keys = [
    'ALIBABA_CLOUD_ACCESS_KEY_ID',
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'ALIBABA_CLOUD_SECURITY_TOKEN',
    'MPAAS_AK_ENV',
    'MPAAS_SK_ENV',
    'ALIBABA_CLOUD_CREDENTIALS_FILE',
    'ALIBABA_CLOUD_CONFIG_FILE',
    'ALIBABA_CLOUD_PROFILE',
    'HOME',
  ]
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mpaas-push-secrets-'))
  for (const k of keys) {
    saved[k] = process.env[k]
    delete process.env[k]
  }
  process.env.HOME = home
  Object.assign(process.env, vars)
  try {
    return await fn(home)
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    fs.rmSync(home, { recursive: true, force: true })
  }
}

async function viaFault(fault, options = {}) {
  await emu.reset()
  await emu.fault({ fault, action: 'PushBroadcast' })
  return client(options).pushBroadcast(request())
}

async function main() {
  const c = client()
  // Successes and dry runs, both signature methods.
  emit('result', 'pushBroadcast', await c.pushBroadcast(request()))
  emit('client', 'client', c)
  for (const signature of ['hmac-sha1', 'acs3-hmac-sha256']) {
    const s = client({ signature })
    emit('dry-run', `prepareBroadcast ${signature}`, s.prepareBroadcast(request({ schedule: { at: new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000) } })))
    emit('dry-run', `prepare CancelPushScheduler ${signature}`, s.prepare('CancelPushScheduler', { appId: 'ONEX570DA89211721', workspaceId: 'test', uniqueIds: ['1'] }))
    emit('dry-run', `prepare RevokePushTask ${signature}`, s.prepare('RevokePushTask', { appId: 'ONEX570DA89211721', workspaceId: 'test', taskId: '1' }))
  }

  // Every error family.
  await expectError('validation', () => c.pushBroadcast(request({ expiredSeconds: 0 })))
  await expectError('validation (dry run)', () => c.prepareBroadcast(request({ deliveryType: 'windows' })))
  await expectError('validation (lone surrogate)', () => c.pushBroadcast(request({ taskName: `${SECRET}\uD800` })))
  await expectError('config (http to a remote host)', () => client({ endpoint: 'http://mpaas.example.com' }))
  await expectError('config (unknown option)', () => client({ secret: SECRET }))
  await expectError('config (closed client)', () => {
    const x = client()
    x.close()
    return x.pushBroadcast(request())
  })
  await expectError('config (secret with a lone surrogate)', () => client({ accessKeySecret: `${SECRET}\uD800` }))
  await expectError('config (token not a string)', () => client({ securityToken: { token: TOKEN } }))
  await expectError('config (secret without id)', () => new Client({ accessKeySecret: SECRET, securityToken: TOKEN, endpoint: URL }))
  await expectError('credentials (environment without id)', () =>
    withEnv({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN }, async () => Client.fromEnv({ endpoint: URL })),
  )
  await expectError('credentials (malformed file)', () =>
    withEnv({}, async (home) => {
      fs.mkdirSync(path.join(home, '.aliyun'))
      fs.writeFileSync(
        path.join(home, '.aliyun', 'config.json'),
        `{"current":"p","profiles":[{"name":"p","mode":"StsToken","access_key_id":"${STS_ID}","access_key_secret":"${SECRET}","sts_token":"${TOKEN}" `,
      )
      return Client.fromEnv({ endpoint: URL })
    }),
  )
  await expectError('connect', async () => client({ endpoint: `http://127.0.0.1:${await freePort()}`, retry: ONCE }).pushBroadcast(request()))
  await expectError('tls (handshake with a plain-HTTP server)', () =>
    client({ endpoint: URL.replace('http://', 'https://'), proxy: 'none', retry: ONCE }).pushBroadcast(request()),
  )
  await expectError('proxy (nothing listens, password in the URL)', async () =>
    client({
      endpoint: 'https://mpaas.cn-hangzhou.aliyuncs.com',
      proxy: `http://proxy-user:${PROXY_PASSWORD}@127.0.0.1:${await freePort()}`,
    }).pushBroadcast(request()),
  )
  await expectError('timeout (read)', () => viaFault({ type: 'delay', ms: 1500 }, { readTimeoutMs: 300 }))
  await expectError('timeout (total)', () => viaFault({ type: 'delay', ms: 1500, process: false }, { totalTimeoutMs: 300 }))
  await expectError('connection_lost (after body)', () => viaFault({ type: 'drop_after_body' }))
  await expectError('connection_lost (before body)', () => viaFault({ type: 'drop_before_body' }))
  await expectError('throttled', () => viaFault({ type: 'throttle', retryAfterMs: 10 }, { retry: ONCE }))
  await expectError('signature_mismatch (wrong secret, right token)', () => client({ accessKeySecret: WRONG }).pushBroadcast(request()))
  await expectError('signature_mismatch (acs3)', () => client({ accessKeySecret: WRONG, signature: 'acs3-hmac-sha256' }).pushBroadcast(request()))
  await emu.reset()
  await emu.setClock(3600)
  await expectError('clock_skew', () => client({ retry: ONCE }).pushBroadcast(request()))
  await emu.reset()
  await expectError('auth (wrong token)', () => client({ securityToken: OTHER_TOKEN }).pushBroadcast(request()))
  await expectError('auth (unknown key id)', () => client({ accessKeyId: 'STS.nobody' }).pushBroadcast(request()))
  await expectError('service (500)', () => viaFault({ type: 'status', status: 500 }))
  await expectError('service (503)', () => viaFault({ type: 'status', status: 503 }, { retry: ONCE }))
  await expectError('push_failed (template missing)', () => c.pushBroadcast(request({ templateName: 'missing_tpl' })))
  await expectError('push_failed (PushResult.Success false)', () => viaFault({ type: 'push_failed', code: 'PUSH_FAILED' }))
  await expectError('invalid_response (malformed JSON)', () => viaFault({ type: 'malformed_json' }))
  await expectError('invalid_response (not JSON)', () => viaFault({ type: 'not_json' }))
  await expectError('invalid_response (huge body)', () => viaFault({ type: 'huge_body', bytes: 4 << 20 }))
  for (const point of ['validate', 'send', 'parse']) {
    await emu.reset()
    mpaas._armCorePanic(point)
    await expectError(`internal (core panic at ${point})`, () => c.pushBroadcast(request()))
  }
  await expectError('internal (binding panic)', async () => mpaas._debugPanic())
  // The client still works after all of that.
  await emu.reset()
  emit('result', 'pushBroadcast after every failure', await c.pushBroadcast(request()))
}

main().then(
  () => process.stdout.write('{"kind":"done"}\n'),
  (e) => {
    console.error('driver failed:', e)
    process.exitCode = 1
  },
)
