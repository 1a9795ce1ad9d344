#!/usr/bin/env node
// PushBroadcast throughput of the `mpaas-push` npm package against Alibaba
// Cloud's official Node.js SDK layers, all sending to the same local MPS
// emulator.
//
//   node bench.mjs run --flavour F --project DIR --endpoint http://127.0.0.1:PORT ...
//       One flavour in this process (so CPU time and peak RSS are that
//       client's): warm-up calls (not measured), then N measured calls;
//       prints one JSON line and exits 1 if any call failed.
//       The dry-run flavour makes pinned dry runs instead (no network).
//   node bench.mjs summary RESULTS.jsonl --ours-project DIR --official-project DIR [--skip LINES]
//       The machine, the table, the ratios (of the Node lines after LINES).
//
// Node's standard library plus the client under test only. The clients are
// loaded from the project folder given (`--project`), not from this file's
// location, so ours and the official SDKs live in separate node_modules.

import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const APP_ID = 'ONEX570DA89211721'
const WORKSPACE_ID = 'bench'
const TEMPLATE_NAME = 'broadcast_tpl'
const CONTENT = 'hello from the benchmark'
const TEMPLATE_KEY_VALUE = JSON.stringify({ content: CONTENT })
const TASK_NAME = 'bench'
const REGION = 'cn-hangzhou'
const TIMEOUT_MS = 10_000
const API_VERSION = '2020-10-28'
// The latency emulator's fixed wait (capacity: ideal = in flight / wait).
const LATENCY_S = 0.05

// flavour → [client family, mode, label]. Modes: "seq" (one call at a
// time), "concurrent" (--concurrency calls in flight on one shared client),
// "capacity" (the same against the latency emulator, --concurrency 256),
// "dry_run" (pinned dry runs of every requests.json case, no network).
const FLAVOURS = {
  'ours-seq': ['ours', 'seq', 'mpaas-push Client.pushBroadcast (HMAC-SHA1), sequential'],
  'ours-concurrent': ['ours', 'concurrent', 'mpaas-push Client.pushBroadcast (HMAC-SHA1), concurrent'],
  'ours-capacity': ['ours', 'capacity', 'mpaas-push Client.pushBroadcast (HMAC-SHA1), latency emulator, one client'],
  'ours-dry-run': ['ours', 'dry_run', 'mpaas-push Client.prepareBroadcast pinned dry run of every requests.json case'],
  'pop-core-seq': ['pop-core', 'seq', '@alicloud/pop-core RPCClient.request POST (HMAC-SHA1), sequential'],
  'pop-core-concurrent': ['pop-core', 'concurrent', '@alicloud/pop-core RPCClient.request POST (HMAC-SHA1), concurrent'],
  'pop-core-capacity': ['pop-core', 'capacity', '@alicloud/pop-core RPCClient.request POST (HMAC-SHA1), latency emulator, one client, its keep-alive agent (no socket limit)'],
  'openapi-core-seq': ['openapi-core-v2', 'seq', "@alicloud/openapi-core callApi, signatureAlgorithm 'v2' → doRPCRequest (HMAC-SHA1), sequential"],
  'openapi-core-concurrent': ['openapi-core-v2', 'concurrent', "@alicloud/openapi-core callApi, signatureAlgorithm 'v2' → doRPCRequest (HMAC-SHA1), concurrent"],
  'openapi-core-v3-seq': ['openapi-core-v3', 'seq', '@alicloud/openapi-core callApi, default → doRequest (ACS3-HMAC-SHA256), sequential'],
  'openapi-core-v3-concurrent': ['openapi-core-v3', 'concurrent', '@alicloud/openapi-core callApi, default → doRequest (ACS3-HMAC-SHA256), concurrent'],
}
// The benchmark contract's `scenario` of each mode.
const SCENARIO = { seq: 'seq', concurrent: 'c32', capacity: 'capacity', dry_run: 'dry_run' }
// The npm package behind each family (its version goes into `sdk`).
const PACKAGE = {
  ours: 'mpaas-push',
  'pop-core': '@alicloud/pop-core',
  'openapi-core-v2': '@alicloud/openapi-core',
  'openapi-core-v3': '@alicloud/openapi-core',
}

// ---------------------------------------------------------------------------
// Clients: each family returns send(msgkey) → Promise<null | error text>.

function requireFrom (project) {
  return createRequire(path.join(path.resolve(project), 'package.json'))
}

function endpointHost (endpoint) {
  return endpoint.replace(/^https?:\/\//, '').replace(/\/+$/, '')
}

function ours (args) {
  const { Client } = requireFrom(args.project)('mpaas-push')
  const client = new Client({
    accessKeyId: args['access-key-id'],
    accessKeySecret: args['access-key-secret'],
    endpoint: args.endpoint,
    connectTimeoutMs: TIMEOUT_MS,
    readTimeoutMs: TIMEOUT_MS,
  })
  const fields = {
    appId: APP_ID,
    workspaceId: WORKSPACE_ID,
    deliveryType: 'android',
    expiredSeconds: 300,
    taskName: TASK_NAME,
    templateName: TEMPLATE_NAME,
    templateKeyValue: { content: CONTENT },
    pushStatus: 0,
    bindPeriod: '7d',
  }
  return async (msgkey) => {
    const result = await client.pushBroadcast({ ...fields, msgkey })
    if (result.resultCode !== 'OK' || !result.taskId) return `result ${JSON.stringify(result)}`
    return null
  }
}

function popCore (args) {
  const RPCClient = requireFrom(args.project)('@alicloud/pop-core').RPCClient
  const client = new RPCClient({
    accessKeyId: args['access-key-id'],
    accessKeySecret: args['access-key-secret'],
    endpoint: args.endpoint,
    apiVersion: API_VERSION,
  })
  // POST: pop-core puts every parameter (the signature included) in the
  // form body; formatParams false keeps the names as written.
  const opts = { method: 'POST', timeout: TIMEOUT_MS, formatParams: false }
  return async (msgkey) => {
    const body = await client.request('PushBroadcast', {
      AppId: APP_ID,
      WorkspaceId: WORKSPACE_ID,
      DeliveryType: 1,
      Msgkey: msgkey,
      ExpiredSeconds: 300,
      TemplateName: TEMPLATE_NAME,
      TemplateKeyValue: TEMPLATE_KEY_VALUE,
      TaskName: TASK_NAME,
      PushStatus: 0,
      BindPeriod: 1,
    }, opts)
    if (body.ResultCode !== 'OK' || !body.PushResult?.Data) return `body ${JSON.stringify(body)}`
    return null
  }
}

function openapiCore (args, signatureAlgorithm) {
  const req = requireFrom(args.project)
  const core = req('@alicloud/openapi-core')
  // The runtime-options model of the Darabonba runtime openapi-core itself uses.
  const dara = createRequire(req.resolve('@alicloud/openapi-core'))('@darabonba/typescript')
  const OpenApi = core.default
  const { Config, OpenApiRequest, Params } = core.$OpenApiUtil
  const client = new OpenApi(new Config({
    accessKeyId: args['access-key-id'],
    accessKeySecret: args['access-key-secret'],
    endpoint: endpointHost(args.endpoint),
    protocol: 'http',
    regionId: REGION,
    signatureAlgorithm,
    readTimeout: TIMEOUT_MS,
    connectTimeout: TIMEOUT_MS,
  }))
  // What the generated @alicloud/mpaas20201028 client passes for PushBroadcast
  // (its protocol HTTPS is overridden by the config's "http").
  const params = new Params({
    action: 'PushBroadcast',
    version: API_VERSION,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  })
  const runtime = new dara.RuntimeOptions({})
  return async (msgkey) => {
    const request = new OpenApiRequest({
      body: {
        AppId: APP_ID,
        WorkspaceId: WORKSPACE_ID,
        DeliveryType: 1,
        Msgkey: msgkey,
        ExpiredSeconds: 300,
        TemplateName: TEMPLATE_NAME,
        TemplateKeyValue: TEMPLATE_KEY_VALUE,
        TaskName: TASK_NAME,
        PushStatus: 0,
        BindPeriod: 1,
      },
    })
    const response = await client.callApi(params, request, runtime)
    const body = response.body
    if (response.statusCode !== 200 || body?.ResultCode !== 'OK' || !body?.PushResult?.Data) {
      return `response ${response.statusCode} ${JSON.stringify(body)}`
    }
    return null
  }
}

function makeClient (family, args) {
  switch (family) {
    case 'ours': return ours(args)
    case 'pop-core': return popCore(args)
    case 'openapi-core-v2': return openapiCore(args, 'v2')
    case 'openapi-core-v3': return openapiCore(args, undefined)
    default: throw new Error(`unknown client family ${family}`)
  }
}

// ---------------------------------------------------------------------------
// Drivers: `count` calls with Msgkeys `prefix-0 …`.

class Tally {
  constructor () { this.errors = 0; this.first = null }
  fail (text) {
    this.errors += 1
    if (this.first === null) this.first = String(text).slice(0, 500)
  }
}

function describe (e) {
  const code = e && e.code ? ` [${e.code}]` : ''
  return `${e && e.name ? e.name : 'Error'}${code}: ${e && e.message ? e.message : e}`
}

async function one (send, msgkey, tally) {
  let err
  try {
    err = await send(msgkey)
  } catch (e) {
    err = describe(e)
  }
  if (err !== null) tally.fail(err)
}

async function runSeq (send, prefix, count, tally) {
  for (let i = 0; i < count; i++) await one(send, `${prefix}-${i}`, tally)
}

// `width` workers on one shared client, each taking the next index until
// `count` calls were made: exactly `width` calls in flight until the tail.
async function runConcurrent (send, prefix, count, tally, width) {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      await one(send, `${prefix}-${i}`, tally)
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker))
}

function processCpuSeconds (pid, clkTck) {
  // utime + stime of another process (the emulator), from /proc.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / clkTck
  } catch {
    return null
  }
}

const round = (x, digits) => Number(x.toFixed(digits))

// Voluntary + involuntary context switches of the whole process (every
// thread), as getrusage(RUSAGE_SELF) counts them.
function contextSwitches () {
  const u = process.resourceUsage()
  return u.voluntaryContextSwitches + u.involuntaryContextSwitches
}

// `count` pinned dry runs through the requests.json cases in turn; returns
// the number of failures (the first one kept in `tally`).
function dryRuns (prepare, cases, count, tally) {
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const [request, nonce, timestamp] = cases[i % cases.length]
    try {
      bytes += prepare(request, { nonce, timestamp }).body.length
    } catch (e) {
      tally.fail(describe(e))
    }
  }
  return bytes
}

async function cmdRun (args) {
  const flavour = args.flavour
  if (!(flavour in FLAVOURS)) throw new Error(`unknown flavour ${flavour}; one of ${Object.keys(FLAVOURS).join(', ')}`)
  const [family, mode, label] = FLAVOURS[flavour]
  const n = Number(args.n)
  const warmup = Number(args.warmup)
  const width = Number(args.concurrency)
  const clkTck = Number(args['clk-tck'])
  const emulatorPid = args['emulator-pid'] ? Number(args['emulator-pid']) : null
  const common = {
    language: 'node',
    client: family === 'ours' ? 'ours' : 'official',
    sdk: `${PACKAGE[family]} ${packageVersion(args.project, PACKAGE[family])}`,
    flavour,
    label,
    scenario: SCENARIO[mode],
    mode,
  }
  if (mode === 'dry_run') return dryRunFlavour(args, common, n, warmup)
  const send = makeClient(family, args)
  const prefix = `${args['run-id']}-${flavour}`
  const drive = (tag, count, tally) => mode === 'seq'
    ? runSeq(send, `${prefix}-${tag}`, count, tally)
    : runConcurrent(send, `${prefix}-${tag}`, count, tally, width)

  const warm = new Tally()
  await drive('warm', warmup, warm)

  const loadBefore = os.loadavg()[0]
  const emu0 = emulatorPid ? processCpuSeconds(emulatorPid, clkTck) : null
  const tally = new Tally()
  const switches0 = contextSwitches()
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  await drive('m', n, tally)
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const cpu = process.cpuUsage(cpu0) // user + system µs of the whole process (all threads)
  const switches = contextSwitches() - switches0
  const emu1 = emulatorPid ? processCpuSeconds(emulatorPid, clkTck) : null
  const maxRssKib = process.resourceUsage().maxRSS

  const out = {
    ...common,
    concurrency: mode === 'seq' ? 1 : width,
    n,
    warmup,
    seconds: round(seconds, 4),
    calls_per_s: round(n / seconds, 1),
    cpu_ms_per_call: round((cpu.user + cpu.system) / 1000 / n, 4),
    context_switches_per_call: round(switches / n, 2),
    peak_rss_mib: round(maxRssKib / 1024, 1),
    emulator_cpu_ms_per_call: emu0 !== null && emu1 !== null ? round((emu1 - emu0) * 1000 / n, 4) : null,
    load_1m: [round(loadBefore, 2), round(os.loadavg()[0], 2)],
    errors: tally.errors + warm.errors,
  }
  if (mode === 'capacity') out.ideal_calls_per_s = round(width / LATENCY_S, 1)
  const first = warm.first ?? tally.first
  if (first) out.first_error = first
  process.stdout.write(JSON.stringify(out) + '\n')
  return out.errors ? 1 : 0
}

// The pinned dry run (`prepareBroadcast` with each case's nonce and
// timestamp): CPU µs per call of this process after `warmup` calls.
function dryRunFlavour (args, common, n, warmup) {
  const { Client } = requireFrom(args.project)('mpaas-push')
  const doc = JSON.parse(readFileSync(args.vectors, 'utf8'))
  const cases = doc.cases.map((c) => [c.request, c.v1.nonce, c.v1.timestamp])
  const client = new Client({ accessKeyId: args['access-key-id'], accessKeySecret: args['access-key-secret'], endpoint: args.endpoint })
  const prepare = (request, pins) => client.prepareBroadcast(request, pins)
  const warm = new Tally()
  dryRuns(prepare, cases, warmup * cases.length, warm)
  const loadBefore = os.loadavg()[0]
  const tally = new Tally()
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  dryRuns(prepare, cases, n, tally)
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const cpu = process.cpuUsage(cpu0)
  const out = {
    ...common,
    concurrency: 1,
    n,
    warmup: warmup * cases.length,
    cases: cases.length,
    seconds: round(seconds, 4),
    us_per_call: round((cpu.user + cpu.system) / n, 3),
    wall_us_per_call: round(seconds * 1e6 / n, 3),
    peak_rss_mib: round(process.resourceUsage().maxRSS / 1024, 1),
    emulator_cpu_ms_per_call: null,
    load_1m: [round(loadBefore, 2), round(os.loadavg()[0], 2)],
    errors: tally.errors + warm.errors,
  }
  const first = warm.first ?? tally.first
  if (first) out.first_error = first
  process.stdout.write(JSON.stringify(out) + '\n')
  return out.errors ? 1 : 0
}

// ---------------------------------------------------------------------------
// Summary

function packageVersion (project, name) {
  try {
    const file = path.join(path.resolve(project), 'node_modules', name, 'package.json')
    return JSON.parse(readFileSync(file, 'utf8')).version
  } catch {
    return 'not installed'
  }
}

function cpuModel () {
  const cpus = os.cpus()
  return cpus.length ? cpus[0].model : 'unknown'
}

function cmdSummary (args, files) {
  // This run's Node lines (the file may hold other runs and languages).
  const rows = new Map()
  const lines = readFileSync(files[0], 'utf8').split('\n').slice(Number(args.skip ?? 0))
  for (const line of lines) {
    if (!line.trim()) continue
    const r = JSON.parse(line)
    if (r.language === 'node') rows.set(r.flavour, r)
  }
  const ours = args['ours-project']
  const official = args['official-project']
  console.log(`machine: nproc ${os.availableParallelism()}, ${cpuModel()}, ${os.type()} ${os.release()}; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (now)`)
  console.log(`node ${process.version}; mpaas-push ${packageVersion(ours, 'mpaas-push')}; ` +
    `@alicloud/pop-core ${packageVersion(official, '@alicloud/pop-core')}; ` +
    `@alicloud/openapi-core ${packageVersion(official, '@alicloud/openapi-core')}; ` +
    `@darabonba/typescript ${packageVersion(official, '@darabonba/typescript')}`)
  console.log()
  const header = ['flavour', 'scenario', 'in flight', 'n', 'calls/s', 'CPU ms/call', 'peak RSS MiB', 'emulator CPU ms/call', 'load 1m before→after', 'errors']
  const table = [header]
  const dry = []
  for (const name of Object.keys(FLAVOURS)) {
    const r = rows.get(name)
    if (!r) continue
    if (r.scenario === 'dry_run') { dry.push(r); continue }
    table.push([name, r.scenario, String(r.concurrency), String(r.n), r.calls_per_s.toFixed(1), r.cpu_ms_per_call.toFixed(3),
      r.peak_rss_mib.toFixed(1), r.emulator_cpu_ms_per_call === null ? '-' : r.emulator_cpu_ms_per_call.toFixed(3),
      `${r.load_1m[0].toFixed(2)}→${r.load_1m[1].toFixed(2)}`, String(r.errors)])
  }
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)))
  const fmt = (row) => '| ' + row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |'
  console.log(fmt(header))
  console.log('|' + widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|') + '|')
  for (const row of table.slice(1)) console.log(fmt(row))
  for (const r of dry) {
    console.log(`${r.flavour}: ${r.us_per_call} µs CPU per pinned dry run (${r.n} calls over ${r.cases} cases, wall ${r.wall_us_per_call} µs)`)
  }

  // The goals: ≥ 6× less client CPU per call than pop-core in
  // each mode, calls/s never below it; capacity ≥ 90 % of the ideal.
  const ratios = (ourName, other) => {
    const ourRow = rows.get(ourName)
    const r = rows.get(other)
    if (!ourRow || !r) return
    const cpu = r.cpu_ms_per_call / ourRow.cpu_ms_per_call
    const speed = ourRow.calls_per_s / r.calls_per_s
    const rss = r.peak_rss_mib / ourRow.peak_rss_mib
    const goal = other.startsWith('pop-core') ? ` (goal ≥ 6×: ${cpu >= 6 ? 'met' : 'MISSED'})` : ''
    console.log(`  ${ourName} / ${other}: ${cpu.toFixed(2)}× less CPU per call${goal}; ` +
      `${speed.toFixed(2)}× calls/s (≥ 1: ${speed >= 1 ? 'met' : 'MISSED'}); ${rss.toFixed(2)}× less peak RSS`)
  }
  console.log('\nratios (goals printed, not asserted):')
  for (const other of ['pop-core-seq', 'openapi-core-seq', 'openapi-core-v3-seq']) ratios('ours-seq', other)
  for (const other of ['pop-core-concurrent', 'openapi-core-concurrent', 'openapi-core-v3-concurrent']) ratios('ours-concurrent', other)
  for (const name of ['ours-capacity', 'pop-core-capacity']) {
    const r = rows.get(name)
    if (!r) continue
    const share = r.calls_per_s / r.ideal_calls_per_s
    console.log(`  ${name}: ${(100 * share).toFixed(1)} % of the ideal ${r.ideal_calls_per_s} calls/s (goal ≥ 90 %: ${share >= 0.9 ? 'met' : 'MISSED'}), peak RSS ${r.peak_rss_mib} MiB`)
  }

  const failed = [...rows.values()].filter((r) => r.errors).map((r) => r.flavour)
  const missing = (args.expect ?? []).filter((f) => !rows.has(f))
  if (failed.length || missing.length) {
    console.error(`\nFAILED: errors in [${failed.join(', ')}], missing results [${missing.join(', ')}]`)
    return 1
  }
  return 0
}

async function main () {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      flavour: { type: 'string' },
      project: { type: 'string' },
      endpoint: { type: 'string' },
      'access-key-id': { type: 'string' },
      'access-key-secret': { type: 'string' },
      n: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '32' },
      'run-id': { type: 'string', default: `bench${process.pid}x${Date.now()}` },
      'emulator-pid': { type: 'string' },
      'clk-tck': { type: 'string', default: '100' },
      'ours-project': { type: 'string' },
      'official-project': { type: 'string' },
      vectors: { type: 'string' },
      skip: { type: 'string', default: '0' },
      expect: { type: 'string', multiple: true },
    },
  })
  const [cmd, ...rest] = positionals
  if (cmd === 'run') {
    for (const k of ['flavour', 'project', 'endpoint', 'access-key-id', 'access-key-secret', 'vectors']) {
      if (!values[k]) throw new Error(`run: --${k} is required`)
    }
    return cmdRun(values)
  }
  if (cmd === 'summary' && rest.length === 1) return cmdSummary(values, rest)
  console.error('usage: bench.mjs run --flavour F --project DIR --endpoint URL --access-key-id ID --access-key-secret S --vectors requests.json [--n N --warmup W --concurrency C --emulator-pid PID]\n' +
    '       bench.mjs summary RESULTS.jsonl --ours-project DIR --official-project DIR [--skip LINES] [--expect F ...]')
  return 2
}

main().then((code) => { process.exitCode = code }, (e) => {
  console.error(e && e.stack ? e.stack : e)
  process.exitCode = 1
})
