#!/usr/bin/env node
// Runs a TypeScript entry point through tsx, so the repo needs no build step: `node bin/run-ts.js file.ts [args]`.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node bin/run-ts.js FILE.ts [ARGS...]\n');
  process.exit(2);
}
register();
registerHooks('../host/runtime/plugin-loader-hooks.mjs', import.meta.url);
process.argv = [process.argv[0], path.resolve(entry), ...rest];
await import(pathToFileURL(path.resolve(entry)).href);
