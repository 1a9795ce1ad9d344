'use strict'
// The companion actions through the emulator: schedule → list (every page,
// with `for await`) → cancel → clock advance → figures → revoke, the
// retry rules of reads and writes, and the iterators' error paths.
// Mirrors the Rust client suite and the Python suite's scheduled tests.

const assert = require('node:assert/strict')
const { after, before, beforeEach, describe, test } = require('node:test')

const { Client, PageIterator } = require('mpaas-push')
const { Emulator, assertClean, checkResult, rejects, request } = require('./support.js')

const APP = { appId: 'ONEX570DA89211721', workspaceId: 'test' }
const HOUR = 3_600_000
const DAY = 86_400_000

/** Whole seconds, `hours` from now (a valid fixed time). */
function inHours(hours) {
  return new Date(Math.ceil(Date.now() / 1000) * 1000 + hours * HOUR)
}

/** The China (UTC+8) calendar day `days` after today, `YYYY-MM-DD`. */
function chinaDay(days) {
  return new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10)
}

/** 09:00 China time of a `YYYY-MM-DD` day, epoch ms. */
function nineAmChina(day) {
  return Date.parse(`${day}T09:00:00+08:00`)
}

/** The next 10 days of trigger times. */
function window() {
  return { ...APP, startTime: new Date(), endTime: new Date(Date.now() + 10 * DAY) }
}

async function collect(iterable) {
  const out = []
  for await (const item of iterable) out.push(item)
  return out
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

/**
 * Five fixed-time broadcasts (1 h … 5 h from now) and one daily broadcast
 * over the next three China days (09:00): eight scheduled entries.
 */
async function schedule(client) {
  const fixed = []
  for (let h = 1; h <= 5; h += 1) {
    const at = inHours(h)
    const res = await client.pushBroadcast(request({ schedule: { at } }))
    checkResult(res)
    fixed.push({ id: res.taskId, at: at.getTime() })
  }
  const days = [chinaDay(1), chinaDay(2), chinaDay(3)]
  const daily = await client.pushBroadcast(
    request({ taskName: 'daily news', schedule: { every: 'daily', start: days[0], end: days[2], time: '09:00:00' } }),
  )
  checkResult(daily)
  const runs = days.map((d) => ({ id: `${daily.taskId}-${d.replaceAll('-', '')}`, at: nineAmChina(d) }))
  return { fixed, daily: daily.taskId, runs }
}

describe('list, iterate, cancel', () => {
  test('querySchedulers: one typed page', async () => {
    const client = emu.client()
    const { fixed, daily, runs } = await schedule(client)
    const page = await client.querySchedulers({ ...window(), pageSize: 3 })
    assert.equal(page.totalCount, 8)
    assert.equal(page.pageNumber, 1)
    assert.equal(page.pageSize, 3)
    assert.equal(page.nextPage, 2)
    assert.equal(typeof page.requestId, 'string')
    assert.deepEqual(
      page.tasks.map((t) => t.uniqueId),
      fixed.slice(0, 3).map((f) => f.id),
    )
    const [first] = page.tasks
    assert.equal(first.pushTime, fixed[0].at)
    assert.equal(first.type, 3)
    assert.equal(first.strategyType, 1)
    assert.equal(first.deliveryType, 1)
    assert.equal(first.executed, false)
    assert.equal(first.pushTitle, '群发 task')
    assert.equal(first.pushContent, 'News: hello world*~')
    assert.equal(typeof first.createdAt, 'number')
    // The runs of the daily task, by their own ids, under the task id.
    const last = await client.querySchedulers({ ...window(), pageSize: 3, pageNumber: 3 })
    assert.equal(last.nextPage, null)
    assert.deepEqual(
      last.tasks.map((t) => [t.uniqueId, t.parentId, t.strategyType, t.pushTime]),
      runs.slice(1).map((r) => [r.id, daily, 2, r.at]),
    )
    // Only the broadcast kind exists in the emulator; RFC 3339 times work.
    const w = window()
    const simple = await client.querySchedulers({ ...APP, startTime: w.startTime.toISOString(), endTime: w.endTime.getTime(), type: 'simple' })
    assert.equal(simple.totalCount, 0)
    assert.deepEqual(simple.tasks, [])
    const rec = (await emu.requests('QueryPushSchedulerList')).at(-1)
    assert.equal(rec.params.Type, '0')
    assert.equal(rec.params.StartTime, String(w.startTime.getTime()))
    assertClean(client, page)
  })

  test('for await walks every page, asking for the page nextPage names', async () => {
    const client = emu.client()
    const { fixed, runs } = await schedule(client)
    const it = client.scheduledTasks({ ...window(), pageSize: 2 })
    assert.ok(it instanceof PageIterator)
    assert.equal(it[Symbol.asyncIterator](), it)
    assert.deepEqual(await emu.requests('QueryPushSchedulerList'), [], 'nothing sent before the loop')
    const ids = (await collect(it)).map((t) => t.uniqueId)
    assert.deepEqual(ids, [...fixed.map((f) => f.id), ...runs.map((r) => r.id)])
    const pages = await emu.requests('QueryPushSchedulerList')
    assert.deepEqual(
      pages.map((r) => [r.params.PageNumber, r.params.PageSize]),
      [
        [undefined, '2'],
        ['2', '2'],
        ['3', '2'],
        ['4', '2'],
      ],
    )
    // Used up: stays done.
    assert.deepEqual(await it.next(), { value: undefined, done: true })
    assert.equal((await emu.requests('QueryPushSchedulerList')).length, 4)
  })

  test('break stops fetching; a later pageNumber starts there', async () => {
    const client = emu.client()
    const { fixed } = await schedule(client)
    const seen = []
    for await (const t of client.scheduledTasks({ ...window(), pageSize: 2 })) {
      seen.push(t.uniqueId)
      if (seen.length === 3) break
    }
    assert.deepEqual(
      seen,
      fixed.slice(0, 3).map((f) => f.id),
    )
    assert.equal((await emu.requests('QueryPushSchedulerList')).length, 2)
    const fromThird = await collect(client.scheduledTasks({ ...window(), pageSize: 3, pageNumber: 3 }))
    assert.equal(fromThird.length, 2)
    // return() by hand ends it too.
    const it = client.scheduledTasks(window())
    assert.equal((await it.next()).done, false)
    assert.deepEqual(await it.return(), { value: undefined, done: true })
    assert.deepEqual(await it.next(), { value: undefined, done: true })
  })

  test('cancel one task and one run (several ids), then list again', async () => {
    const client = emu.client()
    const { fixed, daily, runs } = await schedule(client)
    const res = await client.cancelSchedulers({ ...APP, uniqueIds: [fixed[1].id, fixed[3].id] })
    assert.equal(res.resultCode, 'OK')
    assert.equal(res.content, `cancelled: ${fixed[1].id},${fixed[3].id}`)
    assert.equal(typeof res.requestId, 'string')
    const run = await client.cancelSchedulers({ ...APP, uniqueIds: [runs[1].id], type: 'child' })
    assert.equal(run.content, `cancelled: ${runs[1].id}`)
    const rec = (await emu.requests('CancelPushScheduler')).map((r) => [r.params.UniqueIds, r.params.Type])
    assert.deepEqual(rec, [
      [`${fixed[1].id},${fixed[3].id}`, undefined],
      [runs[1].id, '1'],
    ])
    const left = (await collect(client.scheduledTasks({ ...window(), pageSize: 2 }))).map((t) => t.uniqueId)
    assert.deepEqual(left, [fixed[0].id, fixed[2].id, fixed[4].id, runs[0].id, runs[2].id])
    // Cancelling again is refused by the service (nothing pending).
    await rejects(client.cancelSchedulers({ ...APP, uniqueIds: [fixed[1].id] }), {
      code: 'push_failed',
      serviceCode: '3028',
      httpStatus: 200,
    })
    // A task id lists its remaining runs.
    const ofDaily = await client.querySchedulers({ ...window(), uniqueId: daily })
    assert.deepEqual(
      ofDaily.tasks.map((t) => t.uniqueId),
      [runs[0].id, runs[2].id],
    )
  })

  test('send() is the same call by action name', async () => {
    const client = emu.client()
    const { fixed } = await schedule(client)
    const page = await client.send('QueryPushSchedulerList', { ...window(), pageSize: 1 })
    assert.equal(page.tasks[0].uniqueId, fixed[0].id)
    const res = await client.send('cancel_push_scheduler', { ...APP, uniqueIds: [fixed[0].id] })
    assert.equal(res.content, `cancelled: ${fixed[0].id}`)
    checkResult(await client.send('PushBroadcast', request({ schedule: { at: inHours(1) } })))
    await rejects(client.send('PushBroadcast', request({ schedule: { at: new Date(0) } })), {
      code: 'validation',
      rule: 'in_future',
    })
    await rejects(client.send('Nope', {}), { code: 'config', field: 'action', attempts: 0 })
    await rejects(client.send(42, {}), { code: 'validation', field: 'action', rule: 'type' })
  })
})

describe('figures after the clock moves', () => {
  test('a fixed-time task executes: detail, list and reports', async () => {
    const client = emu.client()
    const { fixed, daily, runs } = await schedule(client)
    const before = await client.taskDetail({ ...APP, taskId: fixed[0].id })
    assert.equal(before.pushNum, 0)
    assert.equal(before.startTime, null)
    await emu.advanceClock(5 * 86_400)
    const figures = await client.taskDetail({ ...APP, taskId: fixed[0].id })
    assert.deepEqual(
      { ...figures, requestId: null },
      {
        requestId: null,
        taskId: fixed[0].id,
        startTime: fixed[0].at,
        endTime: fixed[0].at + 60_000,
        duration: '60s',
        pushNum: 1000,
        pushSuccessNum: 980,
        pushArrivalNum: 950,
      },
    )
    // The daily task: the sum of its three runs; one run by its id.
    const sum = await client.taskDetail({ ...APP, taskId: Number(daily) })
    assert.deepEqual([sum.pushNum, sum.pushSuccessNum, sum.pushArrivalNum], [3000, 2940, 2850])
    assert.equal(sum.startTime, runs[0].at)
    const one = await client.taskDetail({ ...APP, taskId: runs[2].id })
    assert.equal(one.pushNum, 1000)
    assert.equal(one.startTime, runs[2].at)
    // Executed tasks are listed as such.
    const listed = await client.querySchedulers({ ...APP, startTime: Date.now(), endTime: Date.now() + 10 * DAY, pageSize: 1 })
    assert.equal(listed.tasks[0].executed, true)

    // The task list, newest first, with the runs of the daily task.
    const since = new Date(Date.now() - HOUR)
    const page = await client.taskList({ ...APP, startTime: since, pageSize: 4 })
    assert.equal(page.pageNumber, 1)
    assert.equal(page.nextPage, 2)
    const [newest] = page.tasks
    assert.equal(newest.taskId, daily)
    assert.equal(newest.taskName, 'daily news')
    assert.equal(newest.templateName, 'news_tpl')
    assert.equal(newest.type, 3)
    assert.deepEqual(
      newest.subTasks.map((s) => [s.taskId, s.createdAt]),
      runs.map((r) => [r.id, r.at]),
    )
    const reports = client.taskReports({ ...APP, startTime: since, pageSize: 4 })
    assert.ok(reports instanceof PageIterator)
    const all = await collect(reports)
    assert.deepEqual(
      all.map((r) => r.taskId),
      [daily, ...fixed.map((f) => f.id).reverse()],
    )
    assert.deepEqual(
      (await emu.requests('QueryPushAnalysisTaskList')).slice(1).map((r) => r.params.PageNumber),
      [undefined, '2'],
    )
    const named = await client.taskList({ ...APP, startTime: since.toISOString(), taskName: 'daily news' })
    assert.deepEqual(
      named.tasks.map((t) => t.taskId),
      [daily],
    )
    assert.equal(named.nextPage, null)
  })
})

describe('revoke', () => {
  test('a task and a message', async () => {
    const client = emu.client()
    const sent = request()
    const res = await client.pushBroadcast(sent)
    const revoked = await client.revokeTask({ ...APP, taskId: res.taskId, sentAt: new Date() })
    assert.deepEqual(
      { ...revoked, requestId: null },
      { requestId: null, resultCode: 'OK', resultMessage: revoked.resultMessage, data: res.taskId, pushResultMessage: 'success' },
    )
    const rec = (await emu.requests('RevokePushTask'))[0]
    assert.equal(rec.params.TaskId, res.taskId)
    assert.equal(rec.params.SentAt, undefined, 'sentAt is not sent')
    const msg = await client.revokeMessage({ ...APP, messageId: sent.msgkey, targetId: 'device-1' })
    assert.equal(msg.data, sent.msgkey)
    await rejects(client.revokeMessage({ ...APP, messageId: 'never-sent', targetId: 'device-1' }), {
      code: 'push_failed',
      serviceCode: 'MESSAGE_NOT_EXIST',
    })
    await rejects(client.revokeTask({ ...APP, taskId: '999999' }), { code: 'push_failed', serviceCode: 'TASK_NOT_EXIST' })
  })

  test('outside the 7-day window: refused before sending with sentAt, by the service without', async () => {
    const client = emu.client()
    const res = await client.pushBroadcast(request())
    await rejects(client.revokeTask({ ...APP, taskId: res.taskId, sentAt: Date.now() - 8 * DAY }), {
      code: 'validation',
      field: 'sentAt',
      rule: 'revoke_window',
      attempts: 0,
      maybeSent: false,
    })
    assert.deepEqual(await emu.requests('RevokePushTask'), [])
    await emu.advanceClock(8 * 86_400)
    const e = await rejects(client.revokeTask({ ...APP, taskId: res.taskId }), {
      code: 'push_failed',
      serviceCode: 'REVOKE_WINDOW_EXPIRED',
      httpStatus: 200,
      retryable: false,
    })
    assert.match(e.message, /more than 7 days ago/)
    assert.ok(e.requestId)
  })
})

describe('retries: reads are retried, writes follow the PushBroadcast rules', () => {
  test('a Query* call after an injected 500 is retried and succeeds', async () => {
    const client = emu.client()
    const { fixed } = await schedule(client)
    await emu.fault({ fault: { type: 'status', status: 500 }, count: 1, action: 'QueryPushSchedulerList' })
    const page = await client.querySchedulers(window())
    assert.equal(page.totalCount, 8)
    const recs = await emu.requests('QueryPushSchedulerList')
    assert.equal(recs.length, 2)
    assert.notEqual(recs[0].nonce, recs[1].nonce, 're-signed')
    await emu.fault({ fault: { type: 'status', status: 502 }, count: 1, action: 'QueryPushAnalysisTaskDetail' })
    assert.equal((await client.taskDetail({ ...APP, taskId: fixed[0].id })).taskId, fixed[0].id)
    assert.equal((await emu.requests('QueryPushAnalysisTaskDetail')).length, 2)
  })

  test('a page of an iterator is retried too', async () => {
    const client = emu.client()
    await schedule(client)
    const it = client.scheduledTasks({ ...window(), pageSize: 4 })
    assert.equal((await it.next()).done, false)
    await emu.fault({ fault: { type: 'status', status: 500 }, count: 1, action: 'QueryPushSchedulerList' })
    let rest = 0
    for await (const _ of it) rest += 1
    assert.equal(rest, 7)
    assert.equal((await emu.requests('QueryPushSchedulerList')).length, 3)
  })

  test('a cancel after a 500 is not retried (maybeSent)', async () => {
    const client = emu.client()
    const { fixed } = await schedule(client)
    await emu.fault({ fault: { type: 'status', status: 500 }, count: 1, action: 'CancelPushScheduler' })
    await rejects(client.cancelSchedulers({ ...APP, uniqueIds: [fixed[0].id] }), {
      code: 'service',
      httpStatus: 500,
      maybeSent: true,
      attempts: 1,
    })
    assert.equal((await emu.requests('CancelPushScheduler')).length, 1)
    await emu.fault({ fault: { type: 'status', status: 500 }, count: 1, action: 'RevokePushTask' })
    await rejects(client.revokeTask({ ...APP, taskId: fixed[0].id }), { code: 'service', maybeSent: true, attempts: 1 })
    assert.equal((await emu.requests('RevokePushTask')).length, 1)
  })

  test('a cancel after a 500 is retried when the caller opts in', async () => {
    const client = emu.client({ retry: { baseDelayMs: 5, maxDelayMs: 20, retryMaybeSent: true } })
    const { fixed } = await schedule(client)
    await emu.fault({ fault: { type: 'status', status: 500 }, count: 1, action: 'CancelPushScheduler' })
    const res = await client.cancelSchedulers({ ...APP, uniqueIds: [fixed[0].id] })
    assert.equal(res.content, `cancelled: ${fixed[0].id}`)
    assert.equal((await emu.requests('CancelPushScheduler')).length, 2)
  })
})

describe('errors', () => {
  test('validation rejects the Promise, nothing is sent', async () => {
    const client = emu.client()
    await rejects(client.cancelSchedulers({ ...APP, uniqueIds: [] }), { code: 'validation', field: 'uniqueIds', rule: 'not_empty' })
    await rejects(client.querySchedulers({ ...APP, startTime: 2, endTime: 1 }), { code: 'validation', field: 'endTime', rule: 'time_order' })
    await rejects(client.taskList({ ...APP }), { code: 'validation', field: 'startTime', rule: 'required' })
    await rejects(client.taskDetail({ ...APP, taskId: 1.5 }), { code: 'validation', field: 'taskId', rule: 'type' })
    await rejects(client.revokeMessage({ ...APP, messageId: 'm' }), { code: 'validation', field: 'targetId', rule: 'required' })
    await rejects(client.querySchedulers(null), { code: 'validation', field: 'request' })
    assert.deepEqual(await emu.requests(), [])
  })

  test('a bad query rejects the first next(), then the iterator is done', async () => {
    const client = emu.client()
    const it = client.taskReports({ ...APP, startTime: new Date(), pagesize: 5 })
    await rejects(it.next(), { code: 'validation', field: 'pagesize', rule: 'unknown_field' })
    assert.deepEqual(await it.next(), { value: undefined, done: true })
    await rejects(collect(client.scheduledTasks({ ...APP, startTime: 5, endTime: 1 })), { code: 'validation', field: 'endTime' })
    assert.deepEqual(await emu.requests(), [])
  })

  test('a failed page ends the loop with the error, after the items before it', async () => {
    const client = emu.client()
    await schedule(client)
    const seen = []
    const e = await rejects(async () => {
      for await (const t of client.scheduledTasks({ ...window(), pageSize: 2 })) {
        seen.push(t.uniqueId)
        if (seen.length === 1) {
          await emu.fault({ fault: { type: 'malformed_json' }, count: 1, action: 'QueryPushSchedulerList' })
        }
      }
    }, { code: 'invalid_response' })
    assert.equal(seen.length, 2)
    assert.equal(e.attempts, 1)
  })

  test('a closed client: the promise rejects and the iterator too', async () => {
    const client = emu.client()
    const it = client.scheduledTasks(window())
    client.close()
    await rejects(client.querySchedulers(window()), { code: 'config' })
    await rejects(it.next(), { code: 'config' })
    assert.deepEqual(await emu.requests(), [])
  })

  test('many iterators and calls at once on one client', async () => {
    const client = emu.client()
    await schedule(client)
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 ? collect(client.scheduledTasks({ ...window(), pageSize: 3 })) : client.querySchedulers(window()).then((p) => p.tasks),
      ),
    )
    assert.ok(runs.every((tasks) => tasks.length === 8))
    // Concurrent next() calls on one iterator get consecutive items.
    const it = client.scheduledTasks({ ...window(), pageSize: 1 })
    const steps = await Promise.all([it.next(), it.next(), it.next()])
    assert.equal(new Set(steps.map((s) => s.value.uniqueId)).size, 3)
  })
})

test('a client with no emulator still builds iterators lazily', () => {
  // A bad query or a closed client is reported by the first next().
  const client = new Client({ accessKeyId: 'a', accessKeySecret: 'b', endpoint: 'http://127.0.0.1:9' })
  assert.ok(client.scheduledTasks({ not: 'read yet' }) instanceof PageIterator)
  assert.ok(client.taskReports(null) instanceof PageIterator)
})
