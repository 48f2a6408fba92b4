// Every audit action the product records, and every kind of record its entries name, has a readable name in English,
// Dutch and French (the Activity page shows it): a code written in the source without a label fails here.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_AUDIT_ACTIONS, HOST_AUDIT_TARGETS } from '../host/audit/views/host-audit-labels.js';
import { PluginManifestSchema, type LabelDeclaration } from '../host/api/manifest.js';
import { REPO_ROOT } from './support/host-process.js';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !/[\\/](test|testing|fixtures|simulator)[\\/]?/.test(path.join(e.parentPath, '/')))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The codes written literally in the product's code: audit actions and the kinds of their targets. */
async function codesInSource(): Promise<{ actions: Set<string>; targets: Set<string> }> {
  const actions = new Set<string>();
  const targets = new Set<string>();
  for (const file of [...(await sources(path.join(REPO_ROOT, 'host'))), ...(await sources(path.join(REPO_ROOT, 'plugins')))]) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/action: '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/record\(actor, '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/target: \{ type: '([a-z-]+)'/g)) targets.add(m[1]!);
  }
  return { actions, targets };
}

async function declared(): Promise<{ actions: LabelDeclaration[]; targets: LabelDeclaration[] }> {
  const actions = [...HOST_AUDIT_ACTIONS];
  const targets = [...HOST_AUDIT_TARGETS];
  for (const id of await readdir(path.join(REPO_ROOT, 'plugins'))) {
    const manifest = PluginManifestSchema.parse(JSON.parse(await readFile(path.join(REPO_ROOT, 'plugins', id, 'plugin.json'), 'utf8')));
    actions.push(...manifest.contributes.auditActions);
    targets.push(...manifest.contributes.auditTargets);
  }
  return { actions, targets };
}

describe('audit labels', () => {
  it('name every audit action and target kind the product writes, in English, Dutch and French', async () => {
    const found = await codesInSource();
    const { actions, targets } = await declared();
    expect(found.actions.size).toBeGreaterThan(20);
    const named = (list: LabelDeclaration[]) => new Set(list.filter((l) => l.titles?.nl && l.titles?.fr).map((l) => l.id));
    expect([...found.actions].filter((code) => !named(actions).has(code)).sort()).toEqual([]);
    expect([...found.targets].filter((code) => !named(targets).has(code)).sort()).toEqual([]);
  });
});
