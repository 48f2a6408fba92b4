// Every word the manifests give an admin exists in English, Dutch and French: audit actions and the kinds of record
// their entries name (a code written in the source without a label fails here), plugin names, view titles, setting
// descriptions and choices, command, argument and option descriptions, and the messages errors say (a message id
// used in the source but not declared fails).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_AUDIT_ACTIONS, HOST_AUDIT_TARGETS } from '../host/audit/views/host-audit-labels.js';
import { PluginManifestSchema, type LabelDeclaration, type PluginManifest } from '../host/api/manifest.js';
import { buildHostManifest } from '../host/runtime/host-manifest.js';
import { HOST_PARTS } from '../host/runtime/host-parts.js';
import { REPO_ROOT } from './support/host-process.js';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !/[\\/](test|testing|fixtures|simulator)[\\/]?/.test(path.join(e.parentPath, '/')))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The text of every product source file of the host and the plugins, read once for every check here. */
let texts: Promise<string[]> | undefined;
function productTexts(): Promise<string[]> {
  texts ??= (async () => {
    const files = [...(await sources(path.join(REPO_ROOT, 'host'))), ...(await sources(path.join(REPO_ROOT, 'plugins')))];
    return Promise.all(files.map((file) => readFile(file, 'utf8')));
  })();
  return texts;
}

/** The codes written literally in the product's code: audit actions and the kinds of their targets. */
async function codesInSource(): Promise<{ actions: Set<string>; targets: Set<string> }> {
  const actions = new Set<string>();
  const targets = new Set<string>();
  for (const text of await productTexts()) {
    for (const m of text.matchAll(/action: '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/record\(actor, '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) actions.add(m[1]!);
    for (const m of text.matchAll(/target: \{ type: '([a-z-]+)'/g)) targets.add(m[1]!);
  }
  return { actions, targets };
}

/** The bundled plugins' manifests. */
async function bundledManifests(): Promise<PluginManifest[]> {
  const ids = await readdir(path.join(REPO_ROOT, 'plugins'));
  return Promise.all(ids.map(async (id) => PluginManifestSchema.parse(JSON.parse(await readFile(path.join(REPO_ROOT, 'plugins', id, 'plugin.json'), 'utf8')))));
}

async function declared(): Promise<{ actions: LabelDeclaration[]; targets: LabelDeclaration[] }> {
  const manifests = await bundledManifests();
  return {
    actions: [...HOST_AUDIT_ACTIONS, ...manifests.flatMap((m) => m.contributes.auditActions)],
    targets: [...HOST_AUDIT_TARGETS, ...manifests.flatMap((m) => m.contributes.auditTargets)],
  };
}

/** The message ids the product's code names: `saying(error, 'id'`, `phrase(english, 'id'`, a settings refusal's `refusal(where, 'id'`. */
async function messageIdsInSource(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const text of await productTexts()) {
    for (const m of text.matchAll(/(?:saying\(|phrase\(|refusal\(where)[^;]*?, '([a-z][a-zA-Z0-9-]*\.[a-zA-Z0-9.-]+)'/gs)) ids.add(m[1]!);
    for (const m of text.matchAll(/messageId: '([a-z][a-zA-Z0-9.-]*)'/g)) ids.add(m[1]!);
  }
  return ids;
}

/** What a manifest gives an admin to read that lacks Dutch or French, each named `where: English`. */
function untranslated(manifest: PluginManifest): string[] {
  const missing = (where: string, english: string, others: { nl?: string; fr?: string } | undefined) => (others?.nl && others.fr ? [] : [`${manifest.id} ${where}: ${english}`]);
  const { contributes } = manifest;
  return [
    ...(manifest.id === 'host' ? [] : missing('displayName', manifest.displayName, manifest.displayNames)),
    ...contributes.views.flatMap((v) => missing(`view ${v.id}`, v.title, v.titles)),
    ...contributes.settings.flatMap((s) => [...missing(`setting ${s.key}`, s.description, s.descriptions), ...(s.enum ?? []).flatMap((value) => missing(`setting ${s.key} value ${value}`, value, s.enumTitles?.find((t) => t.id === value)?.titles))]),
    ...contributes.messages.flatMap((m) => missing(`message ${m.id}`, m.text, m.texts)),
    ...contributes.commands.flatMap((c) => [
      ...missing(`command ${c.id}`, c.description, c.descriptions),
      ...c.arguments.flatMap((a) => missing(`command ${c.id} argument ${a.name}`, a.description, a.descriptions)),
      ...c.options.flatMap((o) => missing(`command ${c.id} option --${o.name}`, o.description, o.descriptions)),
    ]),
  ];
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

describe('manifest words', () => {
  it('give every plugin name, view title, setting, setting value and command description in Dutch and French', async () => {
    const manifests = [buildHostManifest(HOST_PARTS), ...(await bundledManifests())];
    expect(manifests.flatMap(untranslated)).toEqual([]);
  });

  it('declare every message id the code says, in Dutch and French', async () => {
    const used = await messageIdsInSource();
    const declaredIds = new Set([buildHostManifest(HOST_PARTS), ...(await bundledManifests())].flatMap((m) => m.contributes.messages.map((message) => message.id)));
    expect(used.size).toBeGreaterThan(12);
    expect([...used].filter((id) => !declaredIds.has(id)).sort()).toEqual([]);
  });
});
