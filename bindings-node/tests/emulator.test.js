'use strict'
// Round trips through the emulator child process: results, every error
// family, retries and faults; mirrors tests/tests/client_emulator.rs and the
// Python suite's test_emulator.py.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { after, before, beforeEach, describe, test } = require('node:test')

const mpaas = require('mpaas-push')
const { Client } = mpaas
const {
  ID,
  SECRET,
  STS_ID,
  TOKEN,
  WRONG_SECRET,
  Emulator,
  assertClean,
  checkResult,
  freePort,
  load,
  rejects,
  request,
  throws,
} = require('./support.js')

const CREDENTIAL_ENV = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'MPAAS_AK_ENV',
  'MPAAS_SK_ENV',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_CONFIG_FILE',
  'ALIBABA_CLOUD_PROFILE',
]

/** Runs `fn` with no credentials in the environment and an empty HOME. */
async function withCleanEnv(fn, extra = {}) {
  const saved = {}
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mpaas-push-home-'))
  for (const k of [...CREDENTIAL_ENV, 'HOME']) saved[k] = process.env[k]
  try {
    for (const k of CREDENTIAL_ENV) delete process.env[k]
    process.env.HOME = home
    Object.assign(process.env, extra)
    return await fn(home)
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    fs.rmSync(home, { recursive: true, force: true })
  }
}

let emu

before(async () => {
  emu = await Emulator.start()
})

after(async () => {
  await emu?.stop()
})

beforeEach(async () => {
  await emu.reset()
})

describe('round trips', () => {
  for (const signature of ['hmac-sha1', 'acs3-hmac-sha256']) {
    for (const sts of [false, true]) {
      test(`${signature}, ${sts ? 'STS token' : 'AccessKey'}`, async () => {
        const client = sts
          ? emu.client({ accessKeyId: STS_ID, securityToken: TOKEN, signature })
          : emu.client({ signature })
        const res = await client.pushBroadcast(request({ msgkey: 'rt-1' }))
        checkResult(res)
        const [rec, ...rest] = await emu.requests()
        assert.equal(rest.length, 0)
        assert.equal(rec.signatureMethod, signature)
        assert.equal(rec.accessKeyId, sts ? STS_ID : ID)
        assert.equal(rec.msgkey, 'rt-1')
        assert.equal(rec.params.TaskName, '群发 task')
        assert.equal(rec.params.TemplateKeyValue, '{"content":"hello world*~"}')
        assert.equal(rec.code, 'OK')
        assert.equal(rec.taskId, res.taskId)
        assertClean(client, res)
      })
    }
  }

  test('scheduled and recurring tasks are stored (typed schedule)', async () => {
    const client = emu.client()
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000)
    checkResult(await client.pushBroadcast(request({ msgkey: 'sched-1', schedule: { at } })))
    const chinaToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const end = new Date(Date.parse(`${chinaToday}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10)
    const schedule = { every: 'weekly', days: [1, 7], start: chinaToday, end, time: '09:30:00' }
    checkResult(await client.pushBroadcast(request({ msgkey: 'sched-2', schedule })))
    assert.equal((await emu.tasks()).length, 2)
    const recs = await emu.requests()
    assert.equal(recs[0].params.StrategyType, '1')
    assert.equal(recs[0].params.StrategyContent, `{"fixedTime":${at.getTime()}}`)
    assert.equal(recs[1].params.StrategyType, '2')
    assert.equal(JSON.parse(recs[1].params.StrategyContent).startTime, Date.parse(`${chinaToday}T00:00:00+08:00`))
  })
})

describe('error families', () => {
  test('validation: nothing is sent', async () => {
    await rejects(emu.client().pushBroadcast(request({ expiredSeconds: 0 })), {
      code: 'validation',
      field: 'expiredSeconds',
      attempts: 0,
      maybeSent: false,
    })
    await rejects(emu.client().pushBroadcast(request({ pushStatus: 'all' })), { code: 'validation', field: 'unBindPeriod' })
    assert.deepEqual(await emu.requests(), [])
  })

  test('config: plain http to a non-loopback host', () => {
    throws(() => new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: 'http://mpaas.example.com' }), {
      code: 'config',
      field: 'endpoint',
      rule: 'https_required',
      maybeSent: false,
    })
  })

  test('credentials: none in an empty environment', async () => {
    await withCleanEnv(async () => {
      throws(() => Client.fromEnv({ endpoint: emu.url }), { code: 'credentials', maybeSent: false, retryable: false })
      throws(() => new Client({ endpoint: emu.url }), { code: 'credentials' })
    })
    assert.deepEqual(await emu.requests(), [])
  })

  test('credentials: a malformed config file', async () => {
    await withCleanEnv(async (home) => {
      fs.mkdirSync(path.join(home, '.aliyun'))
      fs.writeFileSync(path.join(home, '.aliyun', 'config.json'), '{"profiles": [ not json')
      throws(() => Client.fromEnv({ endpoint: emu.url }), { code: 'credentials' })
    })
  })

  test('credentials from the environment work', async () => {
    await withCleanEnv(
      async () => {
        const client = Client.fromEnv({ endpoint: emu.url })
        checkResult(await client.pushBroadcast(request()))
        assert.equal((await emu.requests())[0].accessKeyId, STS_ID)
        assertClean(client)
      },
      {
        ALIBABA_CLOUD_ACCESS_KEY_ID: STS_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      },
    )
  })

  test('transport: connection refused is retried, not sent', async () => {
    const client = new Client({
      accessKeyId: ID,
      accessKeySecret: SECRET,
      endpoint: `http://127.0.0.1:${await freePort()}`,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    })
    await rejects(client.pushBroadcast(request()), {
      code: 'connect',
      maybeSent: false,
      retryable: true,
      attempts: 3,
      timeoutKind: null,
    })
  })

  test('transport: a read timeout may have been sent and is not retried', async () => {
    await emu.fault({ fault: { type: 'delay', ms: 1500 } })
    const client = emu.client({ readTimeoutMs: 300 })
    await rejects(client.pushBroadcast(request({ msgkey: 'slow' })), {
      code: 'timeout',
      timeoutKind: 'read',
      maybeSent: true,
      retryable: false,
      attempts: 1,
    })
    assert.equal((await emu.requests()).length, 1, 'not retried')
    // Resending with the same Msgkey: the service reports the earlier acceptance.
    await rejects(client.pushBroadcast(request({ msgkey: 'slow' })), { code: 'push_failed', serviceCode: 'DUPLICATE_MSGKEY' })
  })

  test('transport: the total deadline', async () => {
    await emu.fault({ fault: { type: 'delay', ms: 3000 } })
    await rejects(emu.client({ totalTimeoutMs: 300 }).pushBroadcast(request()), {
      code: 'timeout',
      timeoutKind: 'total',
      maybeSent: true,
    })
  })

  test('signature_mismatch: a wrong secret', async () => {
    const client = emu.client({ accessKeySecret: WRONG_SECRET })
    const e = await rejects(client.pushBroadcast(request()), {
      code: 'signature_mismatch',
      httpStatus: 400,
      serviceCode: 'SignatureDoesNotMatch',
      maybeSent: false,
      retryable: false,
    })
    assert.ok(e.requestId)
    assert.match(e.message, /server string to sign is:POST&%2F&/)
    assertClean(client)
  })

  test('auth: an unknown key and a wrong STS token', async () => {
    await rejects(emu.client({ accessKeyId: 'nobody' }).pushBroadcast(request()), {
      code: 'auth',
      httpStatus: 404,
      serviceCode: 'InvalidAccessKeyId.NotFound',
    })
    await rejects(emu.client({ accessKeyId: STS_ID, securityToken: 'other-token' }).pushBroadcast(request()), { code: 'auth' })
  })

  test('throttled after the last attempt', async () => {
    await emu.fault({ fault: { type: 'throttle', retryAfterMs: 10 }, count: 5 })
    const client = emu.client({ retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50 } })
    await rejects(client.pushBroadcast(request()), {
      code: 'throttled',
      attempts: 2,
      retryable: true,
      maybeSent: false,
      serviceCode: 'Throttling.User',
    })
    assert.equal((await emu.requests()).length, 2)
  })

  test('clock_skew is corrected and retried once', async () => {
    await emu.setClock(3600)
    checkResult(await emu.client().pushBroadcast(request()))
    assert.deepEqual(
      (await emu.requests()).map((r) => r.code),
      ['InvalidTimeStamp.Expired', 'OK'],
    )
  })

  test('clock_skew carries the measured offset when not retried', async () => {
    await emu.setClock(3600)
    const e = await rejects(emu.client({ retry: { maxAttempts: 1 } }).pushBroadcast(request()), {
      code: 'clock_skew',
      maybeSent: false,
      retryable: true,
      attempts: 1,
      serviceCode: 'InvalidTimeStamp.Expired',
    })
    assert.ok(Math.abs(e.clockOffset - 3600) <= 5, String(e.clockOffset))
  })

  test('push_failed: template missing (3022) and DUPLICATE_MSGKEY', async () => {
    const client = emu.client()
    await rejects(client.pushBroadcast(request({ templateName: 'missing_tpl' })), {
      code: 'push_failed',
      serviceCode: '3022',
      maybeSent: true,
      retryable: false,
      httpStatus: 200,
    })
    const first = await client.pushBroadcast(request({ msgkey: 'dup' }))
    const e = await rejects(client.pushBroadcast(request({ msgkey: 'dup' })), {
      code: 'push_failed',
      serviceCode: 'DUPLICATE_MSGKEY',
    })
    assert.ok(first.taskId && e.message.includes(first.taskId), e.message)
  })
})

describe('retries', () => {
  test('throttled twice, then success: re-signed, same msgkey', async () => {
    await emu.fault({ fault: { type: 'throttle', retryAfterMs: 20 }, count: 2 })
    const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: emu.url }) // default policy
    checkResult(await client.pushBroadcast(request({ msgkey: 't-1' })))
    const recs = await emu.requests()
    assert.equal(recs.length, 3)
    assert.equal(new Set(recs.map((r) => r.nonce)).size, 3)
    assert.ok(recs.every((r) => r.msgkey === 't-1'))
    assert.deepEqual(
      recs.map((r) => r.code),
      ['Throttling.User', 'Throttling.User', 'OK'],
    )
  })

  test('503 twice, then success', async () => {
    await emu.fault({ fault: { type: 'status', status: 503 }, count: 2 })
    checkResult(await emu.client().pushBroadcast(request()))
    const recs = await emu.requests()
    assert.equal(recs.length, 3)
    assert.equal(new Set(recs.map((r) => r.timestamp + r.nonce)).size, 3)
  })

  test('opt-in retries of maybe-sent failures', async () => {
    await emu.fault({ fault: { type: 'status', status: 500 } })
    const client = emu.client({ retry: { baseDelayMs: 5, maxDelayMs: 20, retryMaybeSent: true } })
    checkResult(await client.pushBroadcast(request()))
    const recs = await emu.requests()
    assert.equal(recs.length, 2)
    assert.equal(recs[0].msgkey, recs[1].msgkey)
    assert.notEqual(recs[0].nonce, recs[1].nonce)
  })
})

describe('every code of tests/vectors/error-codes.json, provoked for real', () => {
  const once = { maxAttempts: 1 }
  const viaFault = (fault, options = {}) => async () => {
    await emu.fault({ fault, action: 'PushBroadcast' })
    return emu.client(options).pushBroadcast(request())
  }
  const provoke = {
    validation: async () => emu.client().pushBroadcast(request({ expiredSeconds: 0 })),
    config: async () => new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: 'http://mpaas.example.com' }),
    credentials: async () => withCleanEnv(async () => Client.fromEnv({ endpoint: emu.url })),
    connect: async () =>
      new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: `http://127.0.0.1:${await freePort()}`, retry: once }).pushBroadcast(
        request(),
      ),
    // TLS to the plain-HTTP emulator: the handshake cannot be agreed.
    tls: async () =>
      new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: emu.url.replace('http://', 'https://'), proxy: 'none' }).pushBroadcast(
        request(),
      ),
    proxy: async () =>
      new Client({
        accessKeyId: ID,
        accessKeySecret: SECRET,
        endpoint: 'https://mpaas.cn-hangzhou.aliyuncs.com',
        proxy: `http://proxy-user:proxy-pw@127.0.0.1:${await freePort()}`,
      }).pushBroadcast(request()),
    timeout: viaFault({ type: 'delay', ms: 1500 }, { readTimeoutMs: 300 }),
    connection_lost: viaFault({ type: 'drop_after_body' }),
    throttled: viaFault({ type: 'throttle' }, { retry: once }),
    signature_mismatch: async () => emu.client({ accessKeySecret: WRONG_SECRET }).pushBroadcast(request()),
    clock_skew: async () => {
      await emu.setClock(3600)
      return emu.client({ retry: once }).pushBroadcast(request())
    },
    auth: async () => emu.client({ accessKeyId: 'nobody' }).pushBroadcast(request()),
    service: viaFault({ type: 'status', status: 500 }),
    push_failed: async () => emu.client().pushBroadcast(request({ templateName: 'missing_tpl' })),
    invalid_response: viaFault({ type: 'malformed_json' }),
    internal: async () => mpaas._debugPanic(),
  }

  test('every listed code has a way to provoke it', () => {
    assert.deepEqual(Object.keys(provoke).sort(), mpaas.errorCodes().sort())
  })

  for (const spec of load('error-codes.json').codes) {
    test(spec.code, async () => {
      const e = await rejects(provoke[spec.code], { code: spec.code })
      if (spec.maybeSent !== null) assert.equal(e.maybeSent, spec.maybeSent, `${spec.code}: maybeSent (${e.message})`)
      if (spec.retryable !== null) assert.equal(e.retryable, spec.retryable, `${spec.code}: retryable (${e.message})`)
      assert.ok(mpaas.isMpaasPushError(e))
      assert.equal(typeof e.message, 'string')
    })
  }
})
