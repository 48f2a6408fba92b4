import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { PluginManifestSchema, type PluginManifest } from '../api/manifest.js';
import { phrase, type Said } from '../api/messages.js';
import { formatZodError, saidZodIssues } from './zod-format.js';

export interface PluginCandidate {
  readonly manifest: PluginManifest;
  readonly folder: string;
  /** Absolute path of the module whose default export is the plugin's ContainerModule. */
  readonly entry: string;
}

export interface PluginRefusal {
  /** The manifest's id when it could be read, otherwise the folder name. */
  readonly id: string;
  readonly folder: string;
  readonly reason: Said;
}

export interface DiscoveryResult {
  readonly candidates: PluginCandidate[];
  readonly refusals: PluginRefusal[];
}

/** Reads every plugin folder directly under each directory; nothing of a plugin's code runs here. */
export async function discoverPlugins(directories: readonly string[]): Promise<DiscoveryResult> {
  const candidates: PluginCandidate[] = [];
  const refusals: PluginRefusal[] = [];
  for (const directory of directories) {
    let root: string;
    let entries: string[];
    try {
      root = await realpath(directory);
      entries = (await readdir(root)).sort();
    } catch (error) {
      const reason = phrase(`Plugin directory ${directory} cannot be read: ${(error as Error).message}`, 'host.plugin-refusal.directory', { directory, reason: (error as Error).message });
      refusals.push({ id: path.basename(directory), folder: directory, reason });
      continue;
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      const found = await readCandidate(root, name);
      if (found === undefined) continue;
      if ('reason' in found) refusals.push(found);
      else candidates.push(found);
    }
  }
  return { candidates, refusals };
}

/** A loaded plugin's folder read again (for a restart): its manifest and entry as they are now. */
export async function rereadCandidate(folder: string): Promise<PluginCandidate | PluginRefusal> {
  const found = await readCandidate(path.dirname(folder), path.basename(folder));
  return found ?? { id: path.basename(folder), folder, reason: phrase(`Plugin folder ${folder} no longer holds a plugin manifest`, 'host.plugin-refusal.gone', { folder }) };
}

async function readCandidate(root: string, name: string): Promise<PluginCandidate | PluginRefusal | undefined> {
  const declared = path.join(root, name);
  let folder: string;
  try {
    folder = await realpath(declared);
    if (!(await stat(folder)).isDirectory()) return undefined;
  } catch (error) {
    const reason = (error as Error).message;
    return { id: name, folder: declared, reason: phrase(`Plugin folder ${declared} cannot be read: ${reason}`, 'host.plugin-refusal.folder', { folder: declared, reason }) };
  }
  if (!isInside(root, folder)) {
    return { id: name, folder: declared, reason: phrase(`Plugin folder ${declared} resolves to ${folder}, outside ${root}; refused`, 'host.plugin-refusal.outside', { folder: declared, real: folder, root }) };
  }
  const source = await readManifestSource(folder);
  if (source === undefined) return undefined;
  if ('reason' in source) return { id: name, folder, reason: source.reason };

  const parsed = PluginManifestSchema.safeParse(source.json);
  const id = typeof (source.json as { id?: unknown })?.id === 'string' ? (source.json as { id: string }).id : name;
  if (!parsed.success) {
    const english = `Plugin "${id}" has an invalid manifest (${source.file}): ${formatZodError(parsed.error)}`;
    return { id, folder, reason: phrase(english, 'host.plugin-refusal.manifest', { id, file: source.file, problems: saidZodIssues(parsed.error) }) };
  }
  const manifest = parsed.data;
  const { main } = manifest;
  const entry = path.resolve(folder, main);
  if (!isInside(folder, entry)) {
    return { id, folder, reason: phrase(`Plugin "${id}": "main" (${main}) points outside the plugin folder; refused`, 'host.plugin-refusal.main-outside', { id, main }) };
  }
  try {
    const realEntry = await realpath(entry);
    if (!isInside(folder, realEntry)) {
      return { id, folder, reason: phrase(`Plugin "${id}": "main" (${main}) resolves outside the plugin folder; refused`, 'host.plugin-refusal.main-resolves-outside', { id, main }) };
    }
  } catch {
    return { id, folder, reason: phrase(`Plugin "${id}": "main" file ${main} does not exist`, 'host.plugin-refusal.main-missing', { id, main }) };
  }
  return { manifest, folder, entry };
}

/** `plugin.json`, or the `vppHostPlugin` field of the folder's package.json. */
async function readManifestSource(folder: string): Promise<{ json: unknown; file: string } | { reason: Said } | undefined> {
  const pluginJson = path.join(folder, 'plugin.json');
  const text = await readFile(pluginJson, 'utf8').catch(() => undefined);
  if (text !== undefined) return parseJson(text, 'plugin.json');
  const packageText = await readFile(path.join(folder, 'package.json'), 'utf8').catch(() => undefined);
  if (packageText === undefined) return undefined;
  const pkg = parseJson(packageText, 'package.json');
  if ('reason' in pkg) return pkg;
  const field = (pkg.json as { vppHostPlugin?: unknown })?.vppHostPlugin;
  return field === undefined ? undefined : { json: field, file: 'package.json#vppHostPlugin' };
}

function parseJson(text: string, file: string): { json: unknown; file: string } | { reason: Said } {
  try {
    return { json: JSON.parse(text), file };
  } catch (error) {
    const reason = (error as Error).message;
    return { reason: phrase(`${file} is not valid JSON: ${reason}`, 'host.plugin-refusal.not-json', { file, reason }) };
  }
}

export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
