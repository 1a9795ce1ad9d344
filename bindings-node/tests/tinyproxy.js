'use strict'
// A real HTTP proxy for the transport tests, as tests/src/proxy.rs starts
// it: Debian's tinyproxy on a free loopback port with its own
// configuration and log (LogLevel Connect: one line per request it
// handled), basic auth when asked. scripts/install-test-deps.sh installs
// it; without it the tests that need it fail and say so (never a skip).

const { spawn, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')

const { freePort } = require('./support.js')

const INSTALL_HINT = 'tinyproxy is needed by the proxy tests: run scripts/install-test-deps.sh (apt-get install tinyproxy)'

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

class Tinyproxy {
  constructor(child, dir, port) {
    this.child = child
    this.dir = dir
    this.port = port
  }

  /** Starts tinyproxy on 127.0.0.1, with basic auth when `auth` =
   * `{ user, password }` is given. */
  static async start(auth = null) {
    try {
      execFileSync('tinyproxy', ['-v'], { stdio: 'ignore' })
    } catch (e) {
      if (e.code === 'ENOENT') throw new Error(INSTALL_HINT)
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpaas-push-node-tinyproxy-'))
    // tinyproxy drops to `nobody` when started as root; its log must be
    // writable then.
    fs.chmodSync(dir, 0o777)
    const port = await freePort()
    let conf =
      `Port ${port}\nListen 127.0.0.1\nTimeout 30\nLogFile "${path.join(dir, 'log')}"\n` +
      'LogLevel Connect\nMaxClients 200\n'
    if (isRoot()) conf += 'User nobody\nGroup nogroup\n'
    if (auth) conf += `BasicAuth ${auth.user} ${auth.password}\n`
    fs.writeFileSync(path.join(dir, 'conf'), conf)
    const child = spawn('tinyproxy', ['-d', '-c', path.join(dir, 'conf')], { stdio: 'ignore' })
    let failed = null
    child.once('error', (e) => {
      failed = e.code === 'ENOENT' ? new Error(INSTALL_HINT) : e
    })
    child.once('exit', (code, signal) => {
      failed ??= new Error(`tinyproxy exited (${code ?? signal}) before listening on ${port}`)
    })
    const deadline = Date.now() + 10_000
    while (!(await canConnect(port))) {
      if (failed) throw failed
      if (Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`tinyproxy did not start on port ${port}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return new Tinyproxy(child, dir, port)
  }

  /** `http://127.0.0.1:PORT`, with `user:password@` when given. */
  url(auth = null) {
    return auth ? `http://${auth.user}:${auth.password}@127.0.0.1:${this.port}` : `http://127.0.0.1:${this.port}`
  }

  /** Requests the proxy logged so far (`CONNECT host:port HTTP/1.1` for
   * tunnels, `POST http://…` for forwarded plain HTTP). */
  requests() {
    let text = ''
    try {
      text = fs.readFileSync(path.join(this.dir, 'log'), 'utf8')
    } catch {
      // no log yet: nothing handled
    }
    return text
      .split('\n')
      .map((line) => {
        const at = line.indexOf('): ')
        return at < 0 ? null : line.slice(at + 3)
      })
      .filter((r) => r !== null && (r.startsWith('CONNECT ') || r.startsWith('POST ')))
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGKILL')
      await exited
    }
    fs.rmSync(this.dir, { recursive: true, force: true })
  }
}

module.exports = { Tinyproxy, INSTALL_HINT }
