import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../api/actor.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../api/errors.js';
import { RouteContribution, type RouteResponse } from '../api/http.js';
import { ManualClock } from '../runtime/clock.js';
import { Host } from '../runtime/host.js';
import type { LogLine } from '../runtime/logger.js';
import { CommandGateway } from './command-gateway.js';
import { CommandRequestSchema, type CommandDescriptor, type CommandStreamLine } from './command-protocol.js';
import { ProgressThrottle } from './progress-throttle.js';

const FIXTURE_PLUGINS = fileURLToPath(new URL('./test-fixtures/plugins/', import.meta.url));
const ADMIN: Principal = { kind: 'admin', id: 'alice', role: 'admin' };
const READER: Principal = { kind: 'api-token', id: 'tok-1', role: 'read-only' };

let host: Host;
let dataDir: string;
let logs: LogLine[];
let gateway: CommandGateway;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vpp-gateway-'));
  logs = [];
  host = await Host.start({ dataDir, bundledPluginsDir: null, pluginDirs: [FIXTURE_PLUGINS], port: 0, logSink: (line) => logs.push(line) });
  gateway = host.container.getAll<RouteContribution>(RouteContribution).find((c): c is CommandGateway => c instanceof CommandGateway)!;
});

afterEach(async () => {
  await host.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function run(id: string, body: unknown, principal: Principal = ADMIN): RouteResponse {
  return gateway.start(id, CommandRequestSchema.parse(body), principal);
}

async function lines(response: RouteResponse): Promise<CommandStreamLine[]> {
  const text = await new Response(response.body as ReadableStream<Uint8Array>).text();
  return text.trim().split('\n').map((line) => JSON.parse(line) as CommandStreamLine);
}

async function storedItems(): Promise<unknown> {
  const [last] = (await lines(run('sample.list', {}))).slice(-1);
  return last?.type === 'result' ? last.result.data : last;
}

describe('command gateway', () => {
  it('lists the host and plugin declarations with the plugin that declares each', async () => {
    const list = (await gateway.routes.find((r) => r.method === 'GET')!.handle({ params: {}, query: {}, body: undefined, headers: new Headers(), principal: READER })) as CommandDescriptor[];
    expect(list.find((c) => c.id === 'plugins')).toMatchObject({ pluginId: 'host', access: 'read' });
    expect(list.find((c) => c.id === 'sample.import')).toMatchObject({ pluginId: 'sample-commands', access: 'admin', arguments: [{ name: 'file', type: 'file' }] });
  });

  it('runs a command and streams progress, then the result, as NDJSON', async () => {
    const response = run('sample.import', { args: { file: 'a\nb\nc\n' }, options: { mode: 'merge', batch: '2', tag: ['x'] } });
    expect(response.headers?.['content-type']).toBe('application/x-ndjson');
    const out = await lines(response);
    const progress = out.filter((l) => l.type === 'progress');
    expect(progress[0]).toEqual({ type: 'progress', done: 1, total: 3, label: 'importing' });
    expect(progress.at(-1)).toEqual({ type: 'progress', done: 3, total: 3, label: 'importing' });
    expect(out.at(-1)).toMatchObject({ type: 'result', result: { data: { imported: 3, mode: 'merge', batch: 2 }, text: 'Imported 3 items by admin' } });
    expect(await storedItems()).toEqual([
      { id: 'a', tags: ['x'] },
      { id: 'b', tags: ['x'] },
      { id: 'c', tags: ['x'] },
    ]);
  });

  it.each([
    ['an unknown option', { args: { file: 'a' }, options: { mode: 'merge', colour: 'red' } }, '--colour'],
    ['a missing argument', { options: { mode: 'merge' } }, '<file>'],
    ['a missing required option', { args: { file: 'a' } }, '--mode'],
    ['a value outside the choices', { args: { file: 'a' }, options: { mode: 'overwrite' } }, 'merge, replace'],
    ['a non-integer', { args: { file: 'a' }, options: { mode: 'merge', batch: '2.5' } }, '--batch must be a whole number'],
    ['a value for a switch', { args: { file: 'a' }, options: { mode: 'merge', 'dry-run': 'yes' } }, '--dry-run'],
    ['an unknown argument', { args: { file: 'a', extra: 'b' }, options: { mode: 'merge' } }, '<extra>'],
  ])('refuses %s with a BadInputError naming it, before running anything', async (_case, body, named) => {
    expect(() => run('sample.import', body)).toThrow(BadInputError);
    expect(() => run('sample.import', body)).toThrow(named);
    expect(await storedItems()).toEqual([]);
  });

  it('refuses an unknown command as not found', () => {
    expect(() => run('sample.nope', {})).toThrow(NotFoundError);
  });

  it('lets a read-only principal run read commands but not admin ones', async () => {
    expect(() => run('sample.import', { args: { file: 'a' }, options: { mode: 'merge' } }, READER)).toThrow(ForbiddenError);
    expect((await lines(run('plugins', {}, READER))).at(-1)).toMatchObject({ type: 'result', result: { data: [{ id: 'sample-commands', state: 'started' }] } });
    expect(await storedItems()).toEqual([]);
  });

  it("streams a handler's HostError with its code and message", async () => {
    expect((await lines(run('sample.reject', { args: { what: 'this' } }))).at(-1)).toEqual({
      type: 'error',
      error: { error: 'bad_input', message: 'The sample refuses "this"' },
    });
  });

  it('hides an unexpected error behind a generic message and logs the real one', async () => {
    const last = (await lines(run('sample.crash', {}))).at(-1);
    expect(last).toMatchObject({ type: 'error', error: { error: 'internal' } });
    expect(JSON.stringify(last)).not.toContain('7f3a');
    expect(logs.some((l) => l.level === 'error' && JSON.stringify(l.fields).includes('internal detail 7f3a'))).toBe(true);
  });
});

describe('progress throttle', () => {
  it('lets through the first report, one per interval, and always the last', async () => {
    const clock = new ManualClock();
    const throttle = new ProgressThrottle(clock, 100);
    expect(throttle.admit({ done: 1, total: 10 })).toBe(true);
    expect(throttle.admit({ done: 2, total: 10 })).toBe(false);
    await clock.advance(99);
    expect(throttle.admit({ done: 3, total: 10 })).toBe(false);
    await clock.advance(1);
    expect(throttle.admit({ done: 4, total: 10 })).toBe(true);
    expect(throttle.admit({ done: 10, total: 10 })).toBe(true);
  });

  it('always lets through a report that starts a new phase (another label), so each phase of a long command shows', () => {
    const throttle = new ProgressThrottle(new ManualClock(), 100);
    expect(throttle.admit({ done: 1, total: 7, label: 'Claiming the location' })).toBe(true);
    expect(throttle.admit({ done: 2, total: 7, label: 'Adopting enrolments' })).toBe(true);
    expect(throttle.admit({ done: 2, total: 7, label: 'Adopting enrolments' })).toBe(false);
    expect(throttle.admit({ done: 3, total: 7, label: 'Recreating assignments' })).toBe(true);
  });
});
