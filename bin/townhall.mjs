#!/usr/bin/env node
// Thin runner: builds the web app and the server when missing or stale, then hands over to the CLI.
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { build } = await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href)
await build({ log: true })
const { main } = await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href)
process.exitCode = await main(process.argv.slice(2))
