// Makes sure Debian's chromium is present for the browser tests; with --install it installs it through apt-get
// (as root on Debian), otherwise it only says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
if (!process.argv.includes('--install')) {
  console.error(`Browser tests need Debian's chromium at ${CHROMIUM}: run "apt-get update && apt-get install -y chromium".`);
  process.exit(1);
}
console.error('Installing chromium for the browser tests (apt-get, about a minute)...');
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
