import { runCli } from './cli.js';

// Set the code rather than exit, so whatever is still written to stdout reaches a pipe.
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
