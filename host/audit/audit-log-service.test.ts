import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../api/audit.js';
import { BadInputError } from '../api/errors.js';
import { listen } from '../api/event.js';
import { ManualClock } from '../runtime/clock.js';
import type { StorageEngine } from '../storage/index.js';
import { storageEngineKinds, type EngineLocation } from '../storage/test-fixtures/storage-engines.js';
import { AuditLogService } from './audit-log-service.js';

const kinds = storageEngineKinds();
const engines: StorageEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

async function openLog(location: EngineLocation, clock: ManualClock): Promise<{ log: AuditLogService; engine: StorageEngine }> {
  const { engine } = await location.open();
  engines.push(engine);
  return { log: await AuditLogService.open(engine.namespace('host'), clock), engine };
}

describe.each(kinds)('AuditLogService on the $name engine', (kind) => {
  it('persists entries with who, what, when and why, and serves them newest first in pages after a restart', async () => {
    const location = await kind.location();
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const { log, engine } = await openLog(location, clock);
    const announced: AuditEntry[] = [];
    listen(log.onDidRecordEntry, (entry) => announced.push(entry));

    const admin = { kind: 'admin', id: 'alice', name: 'Alice' } as const;
    await log.forSource('host').record({ actor: admin, action: 'inventory.user.create', target: { type: 'user', id: 'jan' }, reason: 'New hire' });
    await log.forSource('vpp-apple').record({ actor: { kind: 'schedule', id: 'sync' }, action: 'vpp.token.sync' });
    await clock.advance(1_000);
    // Two entries in one millisecond keep the order they were recorded in.
    await log.forSource('host').record({ actor: admin, action: 'inventory.user.update', target: { type: 'user', id: 'jan' } });
    await log.forSource('host').record({ actor: admin, action: 'inventory.user.remove', target: { type: 'user', id: 'jan' } });
    expect(announced.map((e) => e.action)).toEqual(['inventory.user.create', 'vpp.token.sync', 'inventory.user.update', 'inventory.user.remove']);
    await engine.close();

    const { log: reopened } = await openLog(location, clock);
    const page = reopened.query({ offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((e) => e.action)).toEqual(['inventory.user.update', 'vpp.token.sync']);
    expect(reopened.query({ action: 'inventory.user.create' }).items[0]).toMatchObject({
      source: 'host',
      at: '2026-03-01T09:00:00.000Z',
      actor: admin,
      target: { type: 'user', id: 'jan' },
      reason: 'New hire',
    });
    expect(reopened.query({ actorKind: 'schedule' }).items.map((e) => e.source)).toEqual(['vpp-apple']);
    expect(reopened.query({ since: '2026-03-01T09:00:01.000Z' }).total).toBe(2);
    expect(reopened.query({ text: 'NEW HIRE' }).total).toBe(1);

    await reopened.forSource('host').record({ actor: admin, action: 'inventory.user.create', target: { type: 'user', id: 'ann' } });
    expect(reopened.query({ limit: 1 }).items[0]?.target?.id).toBe('ann');
    expect(() => reopened.query({ offset: -1 })).toThrow(BadInputError);
  });
});
