// Prepares the distribution benchmark's inventory and enrolments in the data directory or database given.
import { prepare } from './distribution-steps.js';

await prepare(process.argv[2]!);
process.exit(0);
