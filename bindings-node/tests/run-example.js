'use strict'
// Runs an example script against a fresh emulator, started the way the
// suite starts it: `node tests/run-example.js examples/NAME.mjs`. The
// example gets the emulator's URL in MPAAS_PUSH_ENDPOINT and the test key
// in the standard credential variables; its exit status is ours.

const { spawn } = require('node:child_process')

const { Emulator, ID, SECRET } = require('./support.js')

async function main() {
  const script = process.argv[2]
  if (!script) throw new Error('usage: node tests/run-example.js <example script>')
  const emu = await Emulator.start()
  try {
    const env = { ...process.env }
    for (const k of Object.keys(env)) {
      if (k.startsWith('ALIBABA_CLOUD_') || k.startsWith('MPAAS_AK') || k.startsWith('MPAAS_SK')) delete env[k]
    }
    Object.assign(env, {
      MPAAS_PUSH_ENDPOINT: emu.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
    })
    const child = spawn(process.execPath, [script], { env, stdio: 'inherit' })
    const code = await new Promise((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
    })
    if (code !== 0) console.error(`${script} exited with status ${code}`)
    process.exitCode = code
  } finally {
    await emu.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
