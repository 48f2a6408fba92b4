// Writes to a collection without pause and prints each id once its put has resolved, until the parent kills it.
// Usage: node bin/run-ts.js host/storage/test-fixtures/crash-writer.ts <dataDir> <single|sharded> [minCheckpointBytes]
import { FileStorageEngine } from '../index.js';
import { crashCollectionOptions, type CrashRecord } from './crash-collection.js';

const [dataDir, layout, checkpointBytes] = process.argv.slice(2);
const minCheckpointBytes = checkpointBytes === undefined ? undefined : Number(checkpointBytes);
if (!dataDir || (layout !== 'single' && layout !== 'sharded') || (minCheckpointBytes !== undefined && !(minCheckpointBytes > 0))) {
  process.stderr.write('usage: crash-writer.ts <dataDir> <single|sharded> [minCheckpointBytes]\n');
  process.exit(2);
}

const engine = new FileStorageEngine({ dataDir, ...(minCheckpointBytes ? { minCheckpointBytes } : {}) });
const devices = await engine.namespace('crash-test').collection<CrashRecord>('devices', crashCollectionOptions(layout));
process.stdout.write('ready\n');

let next = 0;
async function writeForever(): Promise<never> {
  for (;;) {
    const id = `d${next++}`;
    await devices.put({ id, serialNumber: `SN-${id}`, note: 'x'.repeat(200) });
    process.stdout.write(`${id}\n`);
  }
}
for (let writer = 0; writer < 16; writer++) void writeForever();
