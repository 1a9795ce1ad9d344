'use strict'
// Shared helpers of the Node suite: the emulator child process and its
// control API, the standard request, and the secret-leak checks.
//
// scripts/node.sh copies this directory into a fresh project that installed
// the packed tarball, so `require('mpaas-push')` is the installed package.
// It sets MPAAS_PUSH_BIN (the CLI that runs the emulator) and
// MPAAS_PUSH_VECTORS (tests/vectors of the repository).

const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const http = require('node:http')
const https = require('node:https')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const readline = require('node:readline')
const util = require('node:util')

const ID = 'testid'
const SECRET = 'testsecret'
const STS_ID = 'STS.testid'
const TOKEN = 'ststoken'
const WRONG_SECRET = 'wrong-secret-value'
// The STS token of tests/vectors/requests.json ("sts-token" case), raw and
// percent-encoded once and twice.
const VECTOR_TOKEN = 'CAIS+token/with=chars'
const SECRETS = [
  SECRET,
  TOKEN,
  WRONG_SECRET,
  VECTOR_TOKEN,
  'token/with=chars',
  'CAIS%2Btoken',
  'CAIS%252Btoken',
]

// Options of every emulator client: fast retries keep the suite quick.
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50 }

// The properties every mpaas-push error carries.
const ERROR_PROPS = [
  'code',
  'requestId',
  'httpStatus',
  'serviceCode',
  'retryable',
  'maybeSent',
  'attempts',
  'field',
  'rule',
  'value',
  'recommend',
  'clockOffset',
  'timeoutKind',
  'bodyExcerpt',
]

function required(name) {
  const v = process.env[name]
  if (!v) throw new Error(`${name} is not set: run the suite through scripts/node.sh`)
  return v
}

const VECTORS = required('MPAAS_PUSH_VECTORS')

function load(name) {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'))
}

// What Node's own TLS check says of the certificate each `--tls-fault`
// serves (the control API's connections check it is the one expected).
const CONTROL_TLS_FAULT = {
  'other-name': 'ERR_TLS_CERT_ALTNAME_INVALID',
  expired: 'CERT_HAS_EXPIRED',
}

/** The emulator child process, driven through `/_emulator/`. */
class Emulator {
  constructor(url, child, { dir = null, caFile = null, tlsFault = null, tasksOut = null } = {}) {
    this.url = url
    this.child = child
    this.dir = dir
    /** With `tls`: the PEM file of the emulator's throw-away CA. */
    this.caFile = caFile
    this.tlsFault = tlsFault
    /** With `tasksOut`: where the emulator writes its tasks when stopped. */
    this.tasksOut = tasksOut
  }

  /** Starts an emulator that accepts the test keys and `extraKeys`
   * (`ID:SECRET[:TOKEN]` each). `tls` serves HTTPS with a throw-away CA
   * (`caFile`), `tlsFault` (`other-name` | `expired`) a certificate
   * clients must refuse; `tasksOut` makes it write the tasks it accepted
   * to a file (`tasksOut`) when stopped; `maxStoredTasks` raises its
   * limit. */
  static async start({ extraKeys = [], tls = false, tlsFault = null, tasksOut = false, maxStoredTasks = null } = {}) {
    const bin = path.resolve(required('MPAAS_PUSH_BIN'))
    if (!fs.existsSync(bin)) throw new Error(`mpaas-push binary not found at ${bin}`)
    const args = ['emulator', '--port', '0']
    for (const key of [`${ID}:${SECRET}`, `${STS_ID}:${SECRET}:${TOKEN}`, ...extraKeys]) args.push('--access-key', key)
    args.push('--template', 'news_tpl=News: #content#')
    const files = { dir: null, caFile: null, tlsFault, tasksOut: null }
    if (tls || tlsFault || tasksOut) files.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpaas-push-node-emu-'))
    if (tls || tlsFault) {
      files.caFile = path.join(files.dir, 'ca.pem')
      args.push('--tls', '--tls-ca-out', files.caFile)
      if (tlsFault) args.push('--tls-fault', tlsFault)
    }
    if (tasksOut) {
      files.tasksOut = path.join(files.dir, 'tasks.json')
      args.push('--tasks-out', files.tasksOut)
    }
    if (maxStoredTasks !== null) args.push('--max-stored-tasks', String(maxStoredTasks))
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const lines = readline.createInterface({ input: child.stdout })
    const first = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s; stderr: ${stderr}`)), 30_000)
      lines.once('line', (line) => {
        clearTimeout(timer)
        resolve(line)
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`emulator exited with ${code}; stderr: ${stderr}`))
      })
    })
    const prefix = 'MPS emulator listening on '
    if (!first.startsWith(prefix)) {
      child.kill()
      throw new Error(`unexpected first line ${JSON.stringify(first)}; stderr: ${stderr}`)
    }
    // Keep draining stdout for the emulator's whole life.
    lines.on('line', () => {})
    const url = first.slice(prefix.length).trim()
    const scheme = files.caFile ? 'https://' : 'http://'
    if (!url.startsWith(scheme)) {
      child.kill()
      throw new Error(`expected a ${scheme} URL, got ${JSON.stringify(first)}`)
    }
    return new Emulator(url, child, files)
  }

  /** `127.0.0.1:PORT` of the emulator. */
  get authority() {
    return new URL(this.url).host
  }

  /** Stops the emulator (SIGTERM: every connection dropped, `tasksOut`
   * written) and waits for it to exit. */
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGTERM')
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    if (this.dir && !this.tasksOut) fs.rmSync(this.dir, { recursive: true, force: true })
  }

  /** After `stop()`: the tasks the emulator accepted (`--tasks-out`). */
  stoppedTasks() {
    const tasks = JSON.parse(fs.readFileSync(this.tasksOut, 'utf8'))
    fs.rmSync(this.dir, { recursive: true, force: true })
    return tasks
  }

  control(method, route, body) {
    const url = new URL(`${this.url}/_emulator/${route}`)
    const data = method === 'GET' ? null : JSON.stringify(body ?? {})
    const options = { method, headers: { 'content-type': 'application/json' }, agent: false, timeout: 10_000 }
    // Over HTTPS the emulator's CA is trusted. A `tlsFault` emulator serves
    // a certificate Node refuses too: the control connection accepts it
    // only when Node's verdict is exactly that fault.
    const expectedFault = this.tlsFault ? CONTROL_TLS_FAULT[this.tlsFault] : null
    if (this.caFile) {
      options.ca = fs.readFileSync(this.caFile)
      if (expectedFault) options.rejectUnauthorized = false
    }
    const request = this.caFile ? https.request : http.request
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        options,
        (res) => {
          if (this.caFile && (res.socket.authorizationError ?? null) !== expectedFault) {
            res.destroy()
            reject(new Error(`control ${route}: TLS verdict ${res.socket.authorizationError}, expected ${expectedFault}`))
            return
          }
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (c) => {
            text += c
          })
          res.on('end', () => {
            if (res.statusCode < 200 || res.statusCode >= 300) {
              reject(new Error(`control ${method} ${route}: ${res.statusCode} ${text}`))
            } else {
              resolve(JSON.parse(text))
            }
          })
        },
      )
      req.on('error', reject)
      req.on('timeout', () => req.destroy(new Error(`control ${method} ${route} timed out`)))
      if (data !== null) req.write(data)
      req.end()
    })
  }

  reset() {
    return this.control('POST', 'reset')
  }

  fault(rule) {
    return this.control('POST', 'faults', rule)
  }

  /** Requests received so far (every route but `/_emulator/`). */
  async received() {
    return (await this.control('GET', 'health')).received
  }

  async requests(action) {
    const route = action ? `requests?action=${action}` : 'requests'
    return (await this.control('GET', route)).requests
  }

  /** Stored tasks; `all` adds the immediate broadcasts. */
  async tasks(all = false) {
    return (await this.control('GET', all ? 'tasks?all=true' : 'tasks')).tasks
  }

  setClock(offsetSeconds) {
    return this.control('POST', 'clock', { offsetSeconds })
  }

  /** Moves the emulator's clock forward; due tasks then execute. */
  advanceClock(seconds) {
    return this.control('POST', 'clock', { advanceSeconds: seconds })
  }

  /** A client of the emulator (fast retries unless `retry` is given). */
  client(options = {}) {
    const { Client } = require('mpaas-push')
    return new Client({
      accessKeyId: ID,
      accessKeySecret: SECRET,
      endpoint: this.url,
      retry: FAST_RETRY,
      ...options,
    })
  }
}

let counter = 0

/** A valid immediate Android broadcast (neutral camelCase). */
function request(overrides = {}) {
  counter += 1
  return {
    appId: 'ONEX570DA89211721',
    workspaceId: 'test',
    deliveryType: 'android',
    msgkey: `node-${process.pid}-${Date.now()}-${counter}`,
    expiredSeconds: 300,
    taskName: '群发 task',
    templateName: 'news_tpl',
    templateKeyValue: { content: 'hello world*~' },
    bindPeriod: '7d',
    ...overrides,
  }
}

/** Every text form a user could see of `obj`. */
function textsOf(obj) {
  const out = [util.inspect(obj, { showHidden: true, depth: 5 }), String(obj)]
  try {
    out.push(JSON.stringify(obj))
  } catch {
    // not serialisable: the other forms are checked
  }
  if (obj instanceof Error) {
    out.push(obj.message, obj.stack ?? '')
    for (const p of ERROR_PROPS) out.push(String(obj[p]))
  }
  return out
}

/** No secret or STS token (raw or percent-encoded) in any text form. */
function assertClean(...objs) {
  for (const obj of objs) {
    for (const text of textsOf(obj)) {
      for (const s of SECRETS) {
        assert.ok(!text.includes(s), `secret ${JSON.stringify(s)} leaked: ${text}`)
      }
    }
  }
}

/** Asserts `err` is an mpaas-push error with the given properties. */
function checkError(err, want = {}) {
  assert.ok(err instanceof Error, `not an Error: ${util.inspect(err)}`)
  for (const p of ERROR_PROPS) assert.ok(p in err, `property ${p} missing on ${util.inspect(err)}`)
  for (const [k, v] of Object.entries(want)) {
    assert.deepEqual(err[k], v, `${k}: ${util.inspect(err[k])} != ${util.inspect(v)} (${err.message})`)
  }
  assertClean(err)
  return err
}

/** Awaits `promise` (or calls `fn`), expecting an mpaas-push error. */
async function rejects(promiseOrFn, want = {}) {
  try {
    const p = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn
    await p
  } catch (err) {
    return checkError(err, want)
  }
  assert.fail(`expected an error with ${JSON.stringify(want)}`)
}

/** Calls `fn` synchronously, expecting it to throw an mpaas-push error. */
function throws(fn, want = {}) {
  try {
    fn()
  } catch (err) {
    return checkError(err, want)
  }
  assert.fail(`expected a thrown error with ${JSON.stringify(want)}`)
}

/** A loopback port with nothing listening. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function checkResult(res) {
  assert.equal(typeof res.requestId, 'string')
  assert.ok(res.requestId)
  assert.equal(typeof res.taskId, 'string')
  assert.ok(res.taskId)
  assert.equal(res.resultCode, 'OK')
  assert.equal(res.httpStatus, 200)
  assert.ok('resultMessage' in res)
}

module.exports = {
  ID,
  SECRET,
  STS_ID,
  TOKEN,
  WRONG_SECRET,
  VECTOR_TOKEN,
  SECRETS,
  FAST_RETRY,
  ERROR_PROPS,
  Emulator,
  load,
  request,
  textsOf,
  assertClean,
  checkError,
  checkResult,
  rejects,
  throws,
  freePort,
}
