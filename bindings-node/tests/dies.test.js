'use strict'
// Issue 15 in Node: the service dies in the middle of a load, as
// tests/tests/dies_mid_load.rs runs it. 10,000 broadcasts through one
// client (Promises, 64 in flight), the default retry policy, no proxy; the
// emulator (a child process) gets SIGTERM 0.4 s in: it drops every
// connection, answers in progress included, and writes the tasks it
// accepted (`--tasks-out`). Every call must resolve once; no call whose
// msgkey the emulator accepted may be reported unsent (`maybeSent`
// false); every ok is among the accepted; and the client's retry budget
// makes the doomed calls fail fast with the real cause. Figures go to
// target/reliability/node-dies.json (repo root), written before the
// assertions.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { after, test } = require('node:test')

const { Client } = require('mpaas-push')
const { ID, SECRET, Emulator, request } = require('./support.js')

const CALLS = 10_000
const IN_FLIGHT = 64
const DIES_AFTER_MS = 400
// The Rust test's bound: generous, the calls left after the death fail in
// well under a second there; without the budget they took tens of seconds.
const FAIL_FAST_WITHIN_S = 10

function required(name) {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set: run the suite through scripts/node.sh`)
  return v
}

const OUT = path.join(required('MPAAS_PUSH_REPO'), 'target/reliability/node-dies.json')

let emu = null
after(async () => {
  if (emu) {
    await emu.stop()
    fs.rmSync(emu.dir, { recursive: true, force: true })
  }
})

const round2 = (x) => Math.round(x * 100) / 100

test(`the service dies mid-load: ${CALLS} broadcasts, ${IN_FLIGHT} in flight, emulator stopped at ${DIES_AFTER_MS} ms`, async (t) => {
  fs.rmSync(OUT, { force: true })
  emu = await Emulator.start({ tasksOut: true, maxStoredTasks: 2 * CALLS })
  // Default retry policy and timeouts: what a user gets.
  const client = new Client({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: emu.url, proxy: 'none' })
  const run = `dies-node-${process.pid}-${Date.now()}`
  const keys = Array.from({ length: CALLS }, (_, i) => `${run}-${i}`)
  const settled = new Uint8Array(CALLS)
  const ok = new Set()
  const unsent = []
  const outcomes = {}
  const count = (kind) => {
    outcomes[kind] = (outcomes[kind] ?? 0) + 1
  }

  const started = performance.now()
  let diedAt = null
  let stopped = null
  const killer = setTimeout(() => {
    diedAt = performance.now()
    stopped = emu.stop()
  }, DIES_AFTER_MS)

  let next = 0
  const worker = async () => {
    while (next < CALLS) {
      const i = next++
      await client.pushBroadcast(request({ msgkey: keys[i], taskName: 'dies mid-load' })).then(
        () => {
          settled[i] += 1
          ok.add(keys[i])
          count('ok')
        },
        (e) => {
          settled[i] += 1
          count(`${e.code}${e.maybeSent ? ' (maybe sent)' : ''}`)
          if (!e.maybeSent) unsent.push(keys[i])
        },
      )
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  const finished = performance.now()
  clearTimeout(killer)
  client.close()
  assert.ok(stopped, `the load ended before the emulator was stopped (${((finished - started) / 1000).toFixed(2)} s)`)
  await stopped
  const accepted = new Set(
    emu
      .stoppedTasks()
      .map((task) => task.msgkey)
      .filter((k) => typeof k === 'string' && k.startsWith(`${run}-`)),
  )

  const resolved = settled.reduce((n, s) => n + (s > 0 ? 1 : 0), 0)
  const twice = settled.reduce((n, s) => n + (s > 1 ? 1 : 0), 0)
  const falselyUnsent = unsent.filter((k) => accepted.has(k))
  const okNotAccepted = [...ok].filter((k) => !accepted.has(k))
  const figures = {
    calls: CALLS,
    inFlight: IN_FLIGHT,
    diesAfterMs: DIES_AFTER_MS,
    resolved,
    outcomes: Object.fromEntries(Object.entries(outcomes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    accepted: accepted.size,
    falselyUnsent: falselyUnsent.length,
    secondsAfterDeath: round2((finished - diedAt) / 1000),
    secondsTotal: round2((finished - started) / 1000),
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true })
  fs.writeFileSync(OUT, `${JSON.stringify({ language: 'node', dies: figures }, null, 2)}\n`)
  t.diagnostic(JSON.stringify(figures))

  const shown = JSON.stringify(figures)
  assert.equal(twice, 0, `a call resolved twice: ${shown}`)
  assert.equal(resolved, CALLS, shown)
  assert.deepEqual(falselyUnsent.slice(0, 5), [], `accepted but reported unsent: ${shown}`)
  assert.deepEqual(okNotAccepted.slice(0, 5), [], `ok but not accepted: ${shown}`)
  assert.ok(ok.size > 0, `nothing succeeded before the death: ${shown}`)
  assert.ok(ok.size < CALLS, `the service died before the end: ${shown}`)
  assert.ok(figures.secondsAfterDeath < FAIL_FAST_WITHIN_S, shown)
})
