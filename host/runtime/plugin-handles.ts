import { AsyncLocalStorage, createHook } from 'node:async_hooks';

/** What a plugin left open: the handle's async_hooks type (Timeout, TCPSERVERWRAP, ...). */
export interface PluginHandle {
  readonly pluginId: string;
  readonly type: string;
}

interface Tracked extends PluginHandle {
  readonly resource: { hasRef?: () => boolean; _destroyed?: boolean };
}

const running = new AsyncLocalStorage<string>();
const tracked = new Map<number, Tracked>();
// Promises are not handles; leaving them out also keeps the hook cheap while it is on.
const hook = createHook({
  init(asyncId, type, _trigger, resource) {
    const pluginId = running.getStore();
    if (pluginId !== undefined && type !== 'PROMISE') tracked.set(asyncId, { pluginId, type, resource: resource as Tracked['resource'] });
  },
  destroy(asyncId) {
    tracked.delete(asyncId);
  },
});
let active = 0;

/**
 * Runs a plugin's load and start with the handles it opens (timers, sockets, servers) attributed to it, so a handle
 * still open after the host stopped can be blamed on its plugin. The hook is on only while a plugin starts.
 */
export async function runAsPlugin<T>(pluginId: string, work: () => Promise<T>): Promise<T> {
  if (active++ === 0) hook.enable();
  try {
    return await running.run(pluginId, work);
  } finally {
    if (--active === 0) hook.disable();
  }
}

/** Handles opened by a plugin's start that still keep the process alive. */
export function openPluginHandles(): PluginHandle[] {
  const open: PluginHandle[] = [];
  for (const [asyncId, { pluginId, type, resource }] of tracked) {
    // The hook is off after start, so a later clear or close was not seen: ask the handle itself.
    const alive = resource._destroyed !== true && (resource.hasRef?.() ?? true);
    if (alive) open.push({ pluginId, type });
    else tracked.delete(asyncId);
  }
  return open;
}
