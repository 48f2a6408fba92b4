#!/usr/bin/env node
// Runs a TypeScript entry point through tsx, so the repo needs no build step: `node bin/run-ts.js file.ts [args]`.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { registerSourceLoader } from '../host/runtime/source-loader.mjs';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node bin/run-ts.js FILE.ts [ARGS...]\n');
  process.exit(2);
}
registerSourceLoader();
process.argv = [process.argv[0], path.resolve(entry), ...rest];
await import(pathToFileURL(path.resolve(entry)).href);
