// The package through ESM: named imports (no default-export class), the
// same Promise API.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { Client, PageIterator, errorCodes, isMpaasPushError } from 'mpaas-push'
import * as ns from 'mpaas-push'
import support from './support.js'

const { Emulator, checkResult, request } = support

let emu

before(async () => {
  emu = await Emulator.start()
})

after(async () => {
  await emu?.stop()
})

test('named ESM imports work', () => {
  assert.equal(typeof Client, 'function')
  assert.equal(typeof Client.fromEnv, 'function')
  assert.equal(errorCodes().length, 16)
  assert.equal(ns.Client, Client)
  assert.equal(typeof PageIterator, 'function')
  assert.equal(ns.PageIterator, PageIterator)
})

test('a round trip from ESM', async () => {
  await emu.reset()
  const client = new Client({ accessKeyId: support.ID, accessKeySecret: support.SECRET, endpoint: emu.url })
  checkResult(await client.pushBroadcast(request({ msgkey: 'esm-1' })))
  const [rec] = await emu.requests()
  assert.equal(rec.msgkey, 'esm-1')
  const err = await client.pushBroadcast(request({ msgkey: 'esm-1' })).catch((e) => e)
  assert.ok(err instanceof Error && isMpaasPushError(err))
  assert.equal(err.code, 'push_failed')
  assert.equal(err.serviceCode, 'DUPLICATE_MSGKEY')
})

test('schedule, iterate with for await, cancel from ESM', async () => {
  await emu.reset()
  const client = new Client({ accessKeyId: support.ID, accessKeySecret: support.SECRET, endpoint: emu.url })
  const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000)
  const { taskId } = await client.pushBroadcast(request({ schedule: { at } }))
  const query = { appId: 'ONEX570DA89211721', workspaceId: 'test', startTime: new Date(), endTime: Date.now() + 7_200_000 }
  const seen = []
  for await (const task of client.scheduledTasks(query)) seen.push([task.uniqueId, task.pushTime])
  assert.deepEqual(seen, [[taskId, at.getTime()]])
  const res = await client.cancelSchedulers({ appId: query.appId, workspaceId: query.workspaceId, uniqueIds: [taskId] })
  assert.equal(res.content, `cancelled: ${taskId}`)
  assert.equal((await client.querySchedulers(query)).totalCount, 0)
})
