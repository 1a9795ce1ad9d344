'use strict'
// Many calls on one client, the event loop during a slow response, and the
// panic guard on a live client: `_debugPanic` (a panic in the binding) and
// `_armCorePanic` (one panic inside the core, at validate, send or parse).

const assert = require('node:assert/strict')
const fs = require('node:fs')
const { after, before, beforeEach, test } = require('node:test')

const mpaas = require('mpaas-push')
const { Emulator, checkResult, rejects, request, throws } = require('./support.js')

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

test('256 concurrent pushBroadcast calls on one client', async () => {
  const client = emu.client()
  const keys = Array.from({ length: 256 }, (_, i) => `conc-${i}`)
  const results = await Promise.all(keys.map((msgkey) => client.pushBroadcast(request({ msgkey }))))
  for (const r of results) checkResult(r)
  assert.equal(new Set(results.map((r) => r.taskId)).size, 256)
  const recs = await emu.requests()
  assert.equal(recs.length, 256)
  assert.deepEqual(recs.map((r) => r.msgkey).sort(), [...keys].sort())
})

test('one tokio runtime, shared by napi and the core', async () => {
  checkResult(await emu.client().pushBroadcast(request()))
  // Linux: thread names of this process. The core names its runtime's
  // threads "mpaas-push"; a second (napi-owned) runtime would show up as
  // "tokio-runtime-w…".
  const names = fs.readdirSync('/proc/self/task').map((tid) => fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim())
  assert.ok(names.filter((n) => n === 'mpaas-push').length >= 2, names.join(', '))
  assert.deepEqual(
    names.filter((n) => n.startsWith('tokio')),
    [],
  )
})

test('the event loop keeps running during a slow response', async () => {
  await emu.fault({ fault: { type: 'delay', ms: 1500 } })
  const client = emu.client({ readTimeoutMs: 5000 })
  let ticks = 0
  const timer = setInterval(() => {
    ticks += 1
  }, 20)
  const started = Date.now()
  try {
    checkResult(await client.pushBroadcast(request()))
  } finally {
    clearInterval(timer)
  }
  const elapsed = Date.now() - started
  assert.ok(elapsed >= 1400, `the delay fault applied (${elapsed} ms)`)
  // ~75 ticks at 20 ms in 1.5 s; a blocked loop would give none.
  assert.ok(ticks >= 30, `only ${ticks} ticks in ${elapsed} ms`)
})

test('after a panic the process and the client keep working', async () => {
  const client = emu.client()
  checkResult(await client.pushBroadcast(request()))
  for (let i = 0; i < 3; i++) throws(() => mpaas._debugPanic(), { code: 'internal' })
  checkResult(await client.pushBroadcast(request()))
  assert.equal((await emu.requests()).length, 2)
})

test('a panic inside a future rejects the Promise with code internal', async () => {
  const client = emu.client()
  const pending = client.pushBroadcast(request())
  const err = await mpaas._debugPanicAsync().then(
    () => assert.fail('resolved'),
    (e) => e,
  )
  assert.ok(err instanceof Error)
  assert.equal(err.code, 'internal')
  assert.match(err.message, /Rust panic: deliberate test panic in a future/)
  checkResult(await pending)
  checkResult(await client.pushBroadcast(request()))
})

// The core's own test hook (`_armCorePanic`, test builds): one panic armed
// inside the engine at the point of the next call that reaches it.
const POINTS = {
  // Before validation, in Client::send: nothing is sent.
  validate: { sent: 0, accepted: 0, where: 'Validate' },
  // On a runtime worker, before the request goes out: nothing is sent.
  send: { sent: 0, accepted: 0, where: 'Send' },
  // On a runtime worker, reading the response: the service already acted.
  parse: { sent: 1, accepted: 1, where: 'Parse' },
}

for (const [point, want] of Object.entries(POINTS)) {
  test(`a core panic at ${point}: pushBroadcast rejects with code internal, the client works on`, async () => {
    const client = emu.client()
    checkResult(await client.pushBroadcast(request()))
    await emu.reset()
    mpaas._armCorePanic(point)
    const msgkey = `panic-${point}`
    const e = await rejects(client.pushBroadcast(request({ msgkey })), { code: 'internal', retryable: false, maybeSent: true })
    assert.match(e.message, new RegExp(`test hook: panic armed at ${want.where}`))
    const sent = await emu.requests()
    assert.equal(sent.length, want.sent, `${point}: requests the emulator received`)
    assert.equal((await emu.tasks(true)).filter((t) => t.msgkey === msgkey).length, want.accepted)
    // One panic only: the same client (and call shape) succeeds afterwards.
    checkResult(await client.pushBroadcast(request()))
    checkResult(await client.pushBroadcast(request()))
    // So do the other entries of the same client.
    assert.ok(client.prepareBroadcast(request()).signature)
  })
}

test('a core panic through the generic entry and a companion action', async () => {
  const client = emu.client()
  mpaas._armCorePanic('send')
  await rejects(client.send('PushBroadcast', request()), { code: 'internal' })
  mpaas._armCorePanic('validate')
  await rejects(client.taskDetail({ appId: 'ONEX570DA89211721', workspaceId: 'test', taskId: '1' }), { code: 'internal' })
  checkResult(await client.send('PushBroadcast', request()))
})

test('one armed panic hits exactly one of many calls in flight', async () => {
  const client = emu.client()
  mpaas._armCorePanic('parse')
  const outcomes = await Promise.allSettled(Array.from({ length: 32 }, () => client.pushBroadcast(request())))
  const failed = outcomes.filter((o) => o.status === 'rejected')
  assert.equal(failed.length, 1, outcomes.map((o) => o.reason?.message ?? 'ok').join('; '))
  assert.equal(failed[0].reason.code, 'internal')
  for (const o of outcomes.filter((x) => x.status === 'fulfilled')) checkResult(o.value)
  // Every call was answered by the service; the panicking one too.
  assert.equal((await emu.requests()).length, 32)
})

test('_armCorePanic: unknown points are refused, none disarms', async () => {
  throws(() => mpaas._armCorePanic('everywhere'), { code: 'config' })
  throws(() => mpaas._armCorePanic(5), { code: 'config' })
  const client = emu.client()
  mpaas._armCorePanic('send')
  mpaas._armCorePanic('none')
  checkResult(await client.pushBroadcast(request()))
})

test('a client used after close() rejects while others keep going', async () => {
  const a = emu.client()
  const b = emu.client()
  a.close()
  const [ra, rb] = await Promise.allSettled([a.pushBroadcast(request()), b.pushBroadcast(request())])
  assert.equal(ra.status, 'rejected')
  assert.equal(ra.reason.code, 'config')
  assert.equal(rb.status, 'fulfilled')
})

test('many clients created and dropped', async () => {
  for (let i = 0; i < 200; i++) emu.client()
  if (global.gc) global.gc()
  checkResult(await emu.client().pushBroadcast(request()))
})
