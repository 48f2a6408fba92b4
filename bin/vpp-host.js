#!/usr/bin/env node
// The `vpp-host` command. It runs the build in dist/ (`npm run build`) when that still matches the sources: a few
// large modules load much faster than the ~800 small ones of the sources. Otherwise, or with VPP_HOST_FROM_SOURCE
// set, it runs the TypeScript through tsx, so edits need no build. Either way vendors' plugins load from source.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtFile, freshBuild } from '../host/runtime/build-stamp.mjs';

const MAIN = new URL('../host/cli/main.ts', import.meta.url);
const build = process.env.VPP_HOST_FROM_SOURCE ? undefined : freshBuild(fileURLToPath(new URL('../dist/', import.meta.url)));
if (build) {
  await import(pathToFileURL(builtFile(build, fileURLToPath(MAIN))).href);
} else {
  const { registerSourceLoader } = await import('../host/runtime/source-loader.mjs');
  registerSourceLoader();
  await import(MAIN.href);
}
