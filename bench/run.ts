// `npm run bench [-- NAME...]`: runs each bench/*.bench.ts in its own process, so peak RSS is per benchmark.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

console.log(`# vpp-host benchmarks on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  // The migration bench holds a bundle of 1,000,000 licences (a 234 MB text and its objects) beside a host.
  const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', path.join(here, '..', 'bin', 'run-ts.js'), path.join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`!! ${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
