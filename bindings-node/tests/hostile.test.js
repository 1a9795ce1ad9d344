'use strict'
// Hostile input (issue 8): NUL characters, lone UTF-16 surrogates, huge
// maps and deeply nested values. Each one is a clear `validation` error
// naming the field, nothing reaches the emulator, and the process and the
// client keep working.

const assert = require('node:assert/strict')
const { after, before, beforeEach, test } = require('node:test')

const { Emulator, checkResult, rejects, request, throws } = require('./support.js')

const NOW = '2026-11-28T04:00:00Z'

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

/** `overrides` fail with `want`, both as a dry run (thrown) and as a send
 * (rejected), and nothing is sent. */
async function refused(client, overrides, want) {
  const e = throws(() => client.prepareBroadcast(request(overrides), { timestamp: NOW }), { code: 'validation', ...want })
  await rejects(client.pushBroadcast(request(overrides)), { code: 'validation', attempts: 0, maybeSent: false, ...want })
  assert.deepEqual(await emu.requests(), [], 'nothing was sent')
  return e
}

/** An object nested `depth` levels deep: { a: { a: … 'leaf' } }. */
function nested(depth, leaf = 'x') {
  let v = leaf
  for (let i = 0; i < depth; i++) v = { a: v }
  return v
}

test('NUL characters: rule no_nul, naming the field', async () => {
  const client = emu.client()
  await refused(client, { msgkey: 'key\0x' }, { field: 'msgkey', rule: 'no_nul' })
  await refused(client, { taskName: 'task\0' }, { field: 'taskName', rule: 'no_nul' })
  await refused(client, { templateKeyValue: { content: 'a\0b' } }, { field: 'templateKeyValue.content', rule: 'no_nul' })
  await refused(client, { templateKeyValue: { 'con\0tent': 'x' } }, { field: 'templateKeyValue', rule: 'no_nul' })
  await refused(client, { channelId: '\0' }, { field: 'channelId', rule: 'no_nul' })
  await refused(client, { transparentMessagePayload: { hms: { data: { title: 'a\0' } } } }, { field: 'transparentMessagePayload.hms.data.title', rule: 'no_nul' })
  checkResult(await client.pushBroadcast(request()))
})

test('lone UTF-16 surrogates: rule utf8, naming the field, never replaced', async () => {
  const client = emu.client()
  const e = await refused(client, { taskName: 'task \uD800' }, { field: 'taskName', rule: 'utf8', value: null })
  assert.match(e.message, /taskName: is not valid Unicode text/)
  assert.ok(!e.message.includes('\uFFFD'), e.message)
  await refused(client, { msgkey: '\uDE00\uD83D' }, { field: 'msgkey', rule: 'utf8' })
  await refused(client, { templateKeyValue: { content: 'hello \uDFFF' } }, { field: 'templateKeyValue.content', rule: 'utf8' })
  // In a key: the object holding it is named.
  await refused(client, { templateKeyValue: { ['\uD83D']: 'x' } }, { field: 'templateKeyValue', rule: 'utf8' })
  await refused(client, { ['extra\uDBFF']: 'x' }, { field: 'request', rule: 'utf8' })
  await refused(
    client,
    { transparentMessagePayload: { hms: { data: { list: ['ok', 'bad \uD800'] } } } },
    { field: 'transparentMessagePayload.hms.data.list[1]', rule: 'utf8' },
  )
  await refused(
    client,
    { schedule: { every: 'daily', start: '2026-12-01\uD800', end: '2026-12-02', time: '09:00:00' } },
    { field: 'schedule.start', rule: 'utf8' },
  )
  // The other strings the package reads: prepare options, action names,
  // client options (a secret is never quoted back).
  throws(() => client.prepareBroadcast(request(), { timestamp: `${NOW}\uD800` }), { code: 'validation', field: 'timestamp', rule: 'utf8' })
  throws(() => client.prepareBroadcast(request(), { nonce: 'n\uDC00' }), { code: 'validation', field: 'nonce', rule: 'utf8' })
  await rejects(client.send('PushBroadcast\uD800', request()), { code: 'validation', field: 'action', rule: 'utf8' })
  await rejects(client.cancelSchedulers({ appId: 'ONEX570DA89211721', workspaceId: 'test', uniqueIds: ['1\uD800'] }), {
    code: 'validation',
    field: 'uniqueIds[0]',
    rule: 'utf8',
  })
  const secret = 'surrogate-secret-\uD800-value'
  const o = throws(() => emu.client({ accessKeySecret: secret }), { code: 'config', field: 'accessKeySecret', rule: 'utf8', value: null })
  assert.match(o.message, /accessKeySecret: is not valid Unicode text/)
  assert.ok(!o.message.includes('surrogate-secret'), o.message)
  assert.deepEqual(await emu.requests(), [])
  checkResult(await client.pushBroadcast(request()))
})

test('well-formed text (surrogate pairs included) is sent byte for byte', async () => {
  const client = emu.client()
  const text = '群发 😀 𝄞 end'
  const p = client.prepareBroadcast(request({ taskName: text, templateKeyValue: { content: text } }), { timestamp: NOW })
  assert.equal(p.signedParams.TaskName, text)
  assert.ok(p.body.includes(encodeURIComponent('😀')), p.body)
  checkResult(await client.pushBroadcast(request({ taskName: text, templateKeyValue: { content: text } })))
  const [rec] = await emu.requests()
  assert.equal(rec.params.TaskName, text)
  assert.equal(rec.params.TemplateKeyValue, JSON.stringify({ content: text }))
})

test('property: a string is accepted exactly when it is well-formed, and then unchanged', () => {
  const client = emu.client()
  // Deterministic pseudo-random UTF-16 code units, surrogates over-weighted.
  let seed = 0x2545f491
  const rand = (n) => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) % n
  }
  const unit = () => {
    switch (rand(4)) {
      case 0:
        return 0xd800 + rand(0x400) // high surrogate
      case 1:
        return 0xdc00 + rand(0x400) // low surrogate
      case 2:
        return 0x61 + rand(26)
      default:
        return 0x4e00 + rand(0x100)
    }
  }
  let accepted = 0
  let refusedCount = 0
  for (let i = 0; i < 400; i++) {
    const units = Array.from({ length: 1 + rand(8) }, unit)
    const s = `t${String.fromCharCode(...units)}`
    if (s.isWellFormed()) {
      const p = client.prepareBroadcast(request({ msgkey: 'k', taskName: s }), { nonce: 'n', timestamp: NOW })
      assert.equal(p.signedParams.TaskName, s)
      accepted += 1
    } else {
      throws(() => client.prepareBroadcast(request({ taskName: s }), { timestamp: NOW }), { code: 'validation', field: 'taskName', rule: 'utf8' })
      refusedCount += 1
    }
  }
  assert.ok(accepted > 20 && refusedCount > 20, `${accepted} accepted, ${refusedCount} refused`)
})

test('huge maps: the core caps string maps at 1000 entries (rule max_keys), nothing sent', async () => {
  const client = emu.client()
  const big = {}
  for (let i = 0; i < 100_000; i++) big[`key${i}`] = `value${i}`
  await refused(client, { templateKeyValue: big }, { field: 'templateKeyValue', rule: 'max_keys' })
  await refused(client, { extendedParams: big }, { field: 'extendedParams' })
  checkResult(await client.pushBroadcast(request()))
})

test('deep nesting: 10,000 levels are refused (rule max_depth), no stack overflow', async () => {
  const client = emu.client()
  const obj = await refused(client, { transparentMessagePayload: { hms: nested(10_000) } }, { rule: 'max_depth' })
  assert.ok(obj.field.startsWith('transparentMessagePayload.hms.a.a.a'), obj.field)
  let arr = 'x'
  for (let i = 0; i < 10_000; i++) arr = [arr]
  const a = await refused(client, { transparentMessagePayload: { hms: { data: arr } } }, { rule: 'max_depth' })
  assert.ok(a.field.startsWith('transparentMessagePayload.hms.data[0][0]'), a.field)
  // Within the conversion bound but beyond the service's 32 levels: the
  // core's rule.
  await refused(client, { transparentMessagePayload: { hms: nested(40) } }, { rule: 'max_depth' })
  // Deep values elsewhere: options and companion requests.
  throws(() => emu.client({ retry: nested(10_000) }), { code: 'config', rule: 'max_depth' })
  await rejects(client.cancelSchedulers({ appId: 'ONEX570DA89211721', workspaceId: 'test', uniqueIds: nested(10_000) }), {
    code: 'validation',
    rule: 'max_depth',
  })
  assert.deepEqual(await emu.requests(), [])
  checkResult(await client.pushBroadcast(request()))
})
