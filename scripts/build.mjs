#!/usr/bin/env node
// `npm run build`: bundles the host, its plugin API and the bundled plugins into dist/, so `vpp-host start` loads a
// few large modules instead of ~800 small ones through the TypeScript loader. Entries share their code (one inversify,
// rxjs and zod) through chunks. `--if-stale` builds only when dist/ no longer matches the sources (`npm start`).
// Source maps lie beside each file; `node --enable-source-maps` shows TypeScript stack traces (~80 ms more at start).
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { freshBuild } from '../host/runtime/build-stamp.mjs';
import { bundleHost, hostEntries, ROOT } from './host-bundle.mjs';

const OUT_DIR = path.join(ROOT, 'dist');
// Built beside dist/ and swapped in; per process, so two builds at once do not mix their files.
const NEXT_DIR = `${OUT_DIR}.next-${process.pid}`;

if (process.argv.includes('--if-stale') && freshBuild(OUT_DIR)) process.exit(0);

const started = performance.now();
const startedAt = Date.now();
await rm(NEXT_DIR, { recursive: true, force: true });
const metafile = await bundleHost({ outDir: NEXT_DIR, entries: hostEntries(), startedAt }).catch(async (error) => {
  await rm(NEXT_DIR, { recursive: true, force: true });
  throw error;
});
await replaceOutDir();
const files = Object.keys(metafile.outputs).filter((output) => output.endsWith('.js')).length;
console.log(`Built ${files} files into ${path.relative(process.cwd(), OUT_DIR) || '.'} in ${Math.round(performance.now() - started)} ms`);

/**
 * Swaps the finished build in, so a host starting meanwhile sees the old build, none (and runs the sources), or the
 * new one. When another build swapped its own in first, that one stays: it was made from the same sources.
 */
async function replaceOutDir() {
  const old = `${OUT_DIR}.old-${process.pid}`;
  await rename(OUT_DIR, old).catch(unless('ENOENT'));
  await rename(NEXT_DIR, OUT_DIR).catch(unless('ENOTEMPTY', 'EEXIST'));
  await rm(NEXT_DIR, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
}

function unless(...codes) {
  return (error) => {
    if (!codes.includes(error.code)) throw error;
  };
}
