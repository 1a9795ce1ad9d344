'use strict'
// tests/vectors/client-options.json: every case through `new Client(options)`
// (or `Client.fromEnv(options)`), the options object being the neutral case
// as it is (Node spells options in camelCase, durations in milliseconds).
// Each bad case throws exactly the expected code, field and rule, and no
// mustNotContain text appears in any form of the error; each good case
// builds a client.

const assert = require('node:assert/strict')
const util = require('node:util')
const { test } = require('node:test')

const { Client } = require('mpaas-push')
const { load } = require('./support.js')

const CASES = load('client-options.json').cases

test('the options vectors are all here', () => {
  assert.ok(CASES.length >= 58, `${CASES.length} cases`)
  assert.ok(CASES.some((c) => c.fromEnv) && CASES.some((c) => c.expect === 'ok'))
})

for (const c of CASES) {
  test(`client options ${c.name}${c.fromEnv ? ' (fromEnv)' : ''}`, () => {
    const build = () => (c.fromEnv ? Client.fromEnv(c.options) : new Client(c.options))
    if (c.expect === 'ok') {
      const client = build()
      assert.equal(typeof client.endpoint, 'string')
      return
    }
    let err
    try {
      build()
    } catch (e) {
      err = e
    }
    assert.ok(err instanceof Error, `expected ${JSON.stringify(c.expect)}, the client was built`)
    assert.deepEqual({ code: err.code, field: err.field, rule: err.rule }, c.expect, err.message)
    const texts = [String(err), err.message, err.stack, util.inspect(err, { showHidden: true }), JSON.stringify(err), String(err.value)]
    for (const secret of c.mustNotContain ?? []) {
      for (const text of texts) assert.ok(!text.includes(secret), `${JSON.stringify(secret)} in ${text}`)
    }
  })
}
