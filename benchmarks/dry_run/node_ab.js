// Two builds of the Node package in ONE process, pinned dry runs of every
// requests.json case, measured in alternating blocks: CPU µs per call of
// each and their ratio. On a busy machine the load hits both alike, so the
// ratio holds where absolute figures do not.
// Usage: node benchmarks/dry_run/node_ab.js PACKAGE_A PACKAGE_B [BLOCKS] [CALLS_PER_BLOCK]
//   PACKAGE_*: installed mpaas-push package folders (e.g. an older build
//   copied aside, and target/bench-node-ours/node_modules/mpaas-push)
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const [a, b] = process.argv.slice(2, 4).map((p) => path.resolve(p))
const blocks = Number(process.argv[4] || 6)
const perBlock = Number(process.argv[5] || 18000)
const vectors = path.join(__dirname, '..', '..', 'tests', 'vectors', 'requests.json')
const cases = JSON.parse(fs.readFileSync(vectors, 'utf8')).cases.map((c) => [c.request, c.v1.nonce, c.v1.timestamp])
const options = { accessKeyId: 'LTAI-bench', accessKeySecret: 'bench-secret', endpoint: 'http://127.0.0.1:9' }
const clients = [a, b].map((p) => new (require(p).Client)(options))

let bytes = 0
function run (client, n) {
  for (let i = 0; i < n; i++) {
    const [request, nonce, timestamp] = cases[i % cases.length]
    bytes += client.prepareBroadcast(request, { nonce, timestamp }).body.length
  }
}
for (const c of clients) run(c, 2000 * cases.length / 9) // warm-up
const us = [0, 0]
for (let k = 0; k < blocks; k++) {
  for (const i of k % 2 ? [1, 0] : [0, 1]) {
    const t0 = process.cpuUsage()
    run(clients[i], perBlock)
    const t = process.cpuUsage(t0)
    us[i] += t.user + t.system
  }
}
const per = us.map((x) => x / (blocks * perBlock))
console.log(JSON.stringify({
  a, b, calls_each: blocks * perBlock, a_us_per_call: +per[0].toFixed(2), b_us_per_call: +per[1].toFixed(2),
  b_over_a: +(per[1] / per[0]).toFixed(3), bytes,
}))
