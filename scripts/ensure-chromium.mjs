// Runs before `npm test`: makes sure Debian's chromium is present for the browser tests. With --install it installs it
// through apt-get when missing (as root, or through sudo when that works without a password); otherwise it says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const HOW = `Browser tests need Debian's chromium at ${CHROMIUM}: run "sudo apt-get update && sudo apt-get install -y chromium".`;
if (existsSync(CHROMIUM)) process.exit(0);
if (!process.argv.includes('--install')) fail(HOW);

const asRoot = process.getuid?.() === 0 ? [] : canSudo() ? ['sudo', '-n'] : fail(HOW);
console.error('Installing chromium for the browser tests (apt-get, about a minute)...');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
run([...asRoot, 'apt-get', 'update', '-qq']);
run([...asRoot, 'apt-get', 'install', '-y', '-qq', 'chromium']);
if (!existsSync(CHROMIUM)) fail(`apt-get finished but ${CHROMIUM} is still missing. ${HOW}`);

function run([command, ...args]) {
  execFileSync(command, args, { stdio: 'inherit', env });
}

function canSudo() {
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
