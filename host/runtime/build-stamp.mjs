// The record `npm run build` leaves in its output folder (dist/), and the check that the build still matches the
// sources. Plain JavaScript: bin/vpp-host.js reads it before any TypeScript can load.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const STAMP_FILE = 'build-stamp.json';

/** Writes the stamp last, so a folder without one is an unfinished build. */
export function writeStamp(outDir, stamp) {
  writeFileSync(path.join(outDir, STAMP_FILE), `${JSON.stringify(stamp, null, 1)}\n`);
}

function readStamp(outDir) {
  try {
    return JSON.parse(readFileSync(path.join(outDir, STAMP_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The finished build in outDir, fresh or not; undefined when there is none. */
export function openBuild(outDir) {
  const stamp = readStamp(outDir);
  return stamp === undefined ? undefined : { outDir, root: path.resolve(outDir, stamp.root), stamp };
}

/**
 * The build in outDir when every source it was made from is still there, unchanged since the build began (a few
 * hundred stat calls, a few ms); undefined otherwise.
 */
export function freshBuild(outDir) {
  const build = openBuild(outDir);
  if (build === undefined) return undefined;
  const unchanged = (input) => (statSync(path.join(build.root, input), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < build.stamp.startedAt;
  return build.stamp.inputs.every(unchanged) ? build : undefined;
}

/** The output a source file was built into, as an absolute path; undefined when the build does not hold it. */
export function builtFile(build, sourceFile) {
  const output = build.stamp.entries[path.relative(build.root, sourceFile).split(path.sep).join('/')];
  return output === undefined ? undefined : path.join(build.outDir, output);
}
