// Runs before `npm test`: makes sure the tools the tests use are installed: Debian's chromium for the browser tests and
// Debian's postgresql for the PostgreSQL storage tests (they start a private cluster of their own; VPP_TEST_PG_URL
// names a server to use instead). With --install it installs what is missing through apt-get (as root, or through
// sudo when that works without a password); otherwise it says how.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const POSTGRES_ROOT = '/usr/lib/postgresql';

const hasPostgres = () =>
  Boolean(process.env.VPP_TEST_PG_URL) ||
  (existsSync(POSTGRES_ROOT) && readdirSync(POSTGRES_ROOT).some((version) => existsSync(path.join(POSTGRES_ROOT, version, 'bin', 'initdb'))));

const tools = [
  { package: 'chromium', present: () => existsSync(CHROMIUM), why: `browser tests need Debian's chromium at ${CHROMIUM}` },
  { package: 'postgresql', present: hasPostgres, why: `PostgreSQL storage tests need Debian's postgresql (initdb under ${POSTGRES_ROOT}), or VPP_TEST_PG_URL` },
];

const missing = tools.filter((tool) => !tool.present());
if (missing.length === 0) process.exit(0);
const how = `${missing.map((tool) => `The ${tool.why}.`).join(' ')} Run "sudo apt-get update && sudo apt-get install -y ${missing.map((tool) => tool.package).join(' ')}".`;
if (!process.argv.includes('--install')) fail(how);

const asRoot = process.getuid?.() === 0 ? [] : canSudo() ? ['sudo', '-n'] : fail(how);
console.error(`Installing ${missing.map((tool) => tool.package).join(' and ')} for the tests (apt-get, a minute or two)...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
run([...asRoot, 'apt-get', 'update', '-qq']);
run([...asRoot, 'apt-get', 'install', '-y', '-qq', ...missing.map((tool) => tool.package)]);
const still = missing.filter((tool) => !tool.present());
if (still.length > 0) fail(`apt-get finished but ${still.map((tool) => tool.package).join(' and ')} is still missing. ${how}`);

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
