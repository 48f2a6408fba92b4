import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../api/actor.js';
import type { AuditEntry } from '../api/audit.js';
import { BadInputError } from '../api/errors.js';
import { listen } from '../api/event.js';
import { actAs } from '../runtime/acting-principal.js';
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

  it("stamps the acting principal on a plugin's entries, and never lets a plugin record as an admin or another plugin", async () => {
    const { log } = await openLog(await kind.location(), new ManualClock('2026-03-01T09:00:00.000Z'));
    const forger = log.forSource('forger');
    const admin = { kind: 'admin', id: 'admin', name: 'admin' } as const;
    await forger.record({ actor: admin, action: 'vpp.assignment.create' });
    await forger.record({ actor: { kind: 'plugin', id: 'mail' }, action: 'mail.message.retry' });
    await forger.record({ actor: { kind: 'schedule', id: 'nightly' }, action: 'forger.sweep' });
    const script: Principal = { kind: 'api-token', id: 't-1', name: 'migration script', role: 'admin' };
    await actAs(script, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await forger.record({ actor: admin, action: 'forger.during-request' });
      // The host's own code names its actors: a directory provider's import stays the provider's.
      await log.forSource('host').record({ actor: { kind: 'plugin', id: 'hr-feed' }, action: 'inventory.import' });
    });
    const actorOf = (action: string) => log.query({ action }).items[0]?.actor;
    expect(actorOf('vpp.assignment.create')).toEqual({ kind: 'plugin', id: 'forger' });
    expect(actorOf('mail.message.retry')).toEqual({ kind: 'plugin', id: 'forger' });
    expect(actorOf('forger.sweep')).toEqual({ kind: 'schedule', id: 'nightly' });
    expect(actorOf('forger.during-request')).toEqual({ kind: 'api-token', id: 't-1', name: 'migration script' });
    expect(actorOf('inventory.import')).toEqual({ kind: 'plugin', id: 'hr-feed' });
  });
});
