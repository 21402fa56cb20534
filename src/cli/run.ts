/** Process entry for the compiled CLI (`node dist/cli/run.js …`); bin/townhall.mjs builds first, then imports main. */
import { main } from './main.js'

process.exitCode = await main(process.argv.slice(2))
