'use strict'
// Issue 8 in Node: the shared fault matrix (tests/reliability/faults.json),
// mirrored from the Rust runner tests/tests/reliability.rs, and the load
// test (10,000 broadcasts through one client, 128 in flight; file
// descriptors across 100 client create/close cycles). What was observed
// goes to target/reliability/node.json (repo root) for
// scripts/reliability_report.py — written even when a row mismatches,
// before the test fails.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { after, test } = require('node:test')

const { Client, generateMsgkey } = require('mpaas-push')
const { ID, SECRET, Emulator, freePort, request } = require('./support.js')

function required(name) {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set: run the suite through scripts/node.sh`)
  return v
}

const REPO = required('MPAAS_PUSH_REPO')
const TABLE = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/reliability/faults.json'), 'utf8'))
const OUT = path.join(REPO, 'target/reliability/node.json')

const CALLS = 10_000
const IN_FLIGHT = 128
const CYCLES = 100

const report = { language: 'node', observed: [], load: null }

function writeReport() {
  fs.mkdirSync(path.dirname(OUT), { recursive: true })
  const doc = { language: report.language, observed: report.observed }
  if (report.load) doc.load = report.load
  fs.writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`)
}

const emulators = []
after(async () => {
  await Promise.all(emulators.map((e) => e.stop()))
})

async function startEmulator() {
  const emu = await Emulator.start()
  emulators.push(emu)
  return emu
}

/** The client of a scenario: `clientDefaults` overridden by `client`. */
function scenarioClient(endpoint, overrides) {
  const c = { ...TABLE.clientDefaults, ...overrides }
  return new Client({
    accessKeyId: ID,
    accessKeySecret: SECRET,
    endpoint,
    connectTimeoutMs: c.connectTimeoutMs,
    readTimeoutMs: c.readTimeoutMs,
    totalTimeoutMs: c.totalTimeoutMs,
    retry: {
      maxAttempts: c.maxAttempts,
      baseDelayMs: c.baseDelayMs,
      maxDelayMs: c.maxDelayMs,
      retryMaybeSent: c.retryMaybeSent,
    },
  })
}

/** One scenario on a fresh emulator; the row of what was observed. */
async function runScenario(sc) {
  const emu = await Emulator.start()
  try {
    if (sc.clockOffsetSeconds !== undefined) await emu.setClock(sc.clockOffsetSeconds)
    for (const f of sc.faults) await emu.fault(f)
    const endpoint = sc.endpoint === 'closed-port' ? `http://127.0.0.1:${await freePort()}` : emu.url
    const client = scenarioClient(endpoint, sc.client ?? {})
    const msgkey = generateMsgkey()
    const seen = { name: sc.name }
    try {
      const r = await client.pushBroadcast({ ...TABLE.request, msgkey })
      seen.outcome = 'ok'
      seen.alreadyAccepted = r.alreadyAccepted
    } catch (e) {
      seen.outcome = 'error'
      seen.code = e.code
      seen.maybeSent = e.maybeSent
      seen.clientAttempts = e.attempts
      if (e.httpStatus !== null && e.httpStatus !== undefined) seen.httpStatus = e.httpStatus
      if (e.timeoutKind !== null && e.timeoutKind !== undefined) seen.timeoutKind = e.timeoutKind
      if (e.serviceCode !== null && e.serviceCode !== undefined) seen.serviceCode = e.serviceCode
    } finally {
      client.close()
    }
    seen.emulatorAttempts = (await emu.requests('PushBroadcast')).length
    seen.accepted = (await emu.tasks(true)).filter((t) => t.msgkey === msgkey).length
    return seen
  } finally {
    await emu.stop()
  }
}

/** Keys of `expect` that differ in `seen`. */
function mismatches(expect, seen) {
  return Object.entries(expect)
    .filter(([k, v]) => seen[k] !== v)
    .map(([k, v]) => `${k}: expected ${JSON.stringify(v)}, observed ${JSON.stringify(seen[k] ?? null)}`)
}

function openFds() {
  return fs.readdirSync('/proc/self/fd').length
}

const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

test(`load: ${CALLS} broadcasts through one client, ${IN_FLIGHT} in flight, then ${CYCLES} client cycles`, async (t) => {
  const emu = await startEmulator()
  const load = {
    calls: CALLS,
    inFlight: IN_FLIGHT,
    resolved: 0,
    lost: CALLS,
    duplicated: null,
    peakRssMiB: null,
    fdsBefore: null,
    fdsAfter: null,
  }
  report.load = load
  try {
    const client = emu.client()
    const run = `${process.pid}-${Date.now()}`
    const keys = Array.from({ length: CALLS }, (_, i) => `load-${run}-${i}`)
    const settled = new Uint8Array(CALLS)
    const failures = []
    let next = 0
    let inFlight = 0
    let maxInFlight = 0
    const started = process.hrtime.bigint()
    // IN_FLIGHT workers, each starting its next call when the last settled.
    const worker = async () => {
      while (next < CALLS) {
        const i = next++
        inFlight += 1
        maxInFlight = Math.max(maxInFlight, inFlight)
        await client.pushBroadcast(request({ msgkey: keys[i] })).then(
          (r) => {
            settled[i] += 1
            if (r.resultCode !== 'OK' || r.alreadyAccepted) failures.push(`${i}: ${JSON.stringify(r)}`)
          },
          (e) => {
            settled[i] += 1
            failures.push(`${i}: ${e.code}: ${e.message}`)
          },
        )
        inFlight -= 1
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
    const wallS = Number(process.hrtime.bigint() - started) / 1e9
    load.resolved = settled.reduce((n, s) => n + (s > 0 ? 1 : 0), 0)
    load.lost = CALLS - load.resolved
    const twice = settled.reduce((n, s) => n + (s > 1 ? 1 : 0), 0)
    // The emulator's side: every Msgkey received and accepted exactly once.
    const sent = await emu.requests('PushBroadcast')
    const accepted = (await emu.tasks(true)).filter((x) => x.msgkey?.startsWith(`load-${run}-`))
    const distinct = new Set(accepted.map((x) => x.msgkey))
    load.duplicated = accepted.length - distinct.size
    load.peakRssMiB = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10
    client.close()

    // File descriptors across client create → one call → close cycles.
    await emu.reset()
    await settle(200)
    load.fdsBefore = openFds()
    for (let i = 0; i < CYCLES; i++) {
      const c = emu.client()
      const r = await c.pushBroadcast(request())
      assert.equal(r.resultCode, 'OK')
      c.close()
    }
    await settle(200)
    load.fdsAfter = openFds()
    t.diagnostic(
      `${CALLS} calls, ${maxInFlight} in flight at most, ${wallS.toFixed(1)} s, ` +
        `peak RSS ${load.peakRssMiB} MiB, fds ${load.fdsBefore} -> ${load.fdsAfter} across ${CYCLES} cycles`,
    )

    assert.equal(maxInFlight, IN_FLIGHT)
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} calls failed`)
    assert.equal(twice, 0, 'a call settled twice')
    assert.equal(load.resolved, CALLS)
    assert.equal(load.lost, 0)
    assert.equal(sent.length, CALLS, 'one attempt per call (the log keeps 10,000)')
    assert.equal(new Set(sent.map((r) => r.msgkey)).size, CALLS)
    assert.equal(distinct.size, CALLS, 'every Msgkey accepted')
    assert.equal(load.duplicated, 0)
    assert.ok(load.fdsAfter <= load.fdsBefore + 3, `fds grew: ${load.fdsBefore} -> ${load.fdsAfter}`)
  } finally {
    writeReport()
  }
})

test('fault matrix (tests/reliability/faults.json)', async (t) => {
  const failures = []
  report.observed = []
  try {
    for (const sc of TABLE.scenarios) {
      const seen = await runScenario(sc)
      report.observed.push(seen)
      assert.ok(seen.accepted <= 1, `${sc.name}: the emulator accepted one Msgkey ${seen.accepted} times`)
      const bad = mismatches(sc.expect, seen)
      if (bad.length) failures.push(`${sc.name}: ${bad.join('; ')}`)
      t.diagnostic(`${sc.name}: ${bad.length ? 'MISMATCH' : 'ok'} ${JSON.stringify(seen)}`)
    }
  } finally {
    writeReport()
  }
  assert.equal(report.observed.length, TABLE.scenarios.length)
  assert.deepEqual(failures, [])
})
