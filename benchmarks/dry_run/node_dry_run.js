// N pinned dry runs of every requests.json case through the Node package
// (the neutral camelCase object). Run under callgrind by instructions.sh.
const fs = require('node:fs')
const { Client } = require(process.env.MPAAS_PUSH_NODE_PACKAGE || 'mpaas-push')
const n = Number(process.argv[2])
const doc = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))
const cases = doc.cases.map((c) => [c.request, c.v1.nonce, c.v1.timestamp])
const client = new Client({ accessKeyId: 'LTAI-bench', accessKeySecret: 'bench-secret', endpoint: 'http://127.0.0.1:9' })
let total = 0
for (let i = 0; i < n; i++) {
  for (const [req, nonce, timestamp] of cases) {
    total += client.prepareBroadcast(req, { nonce, timestamp }).body.length
  }
}
console.log(`calls=${n * cases.length} bytes=${total}`)
