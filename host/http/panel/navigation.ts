import type { PluginManifest } from '../../api/manifest.js';

export interface NavigationItem {
  readonly pluginId: string;
  readonly viewId: string;
  readonly title: string;
  readonly url: string;
}

export function viewUrl(pluginId: string, viewId: string): string {
  return `/views/${encodeURIComponent(pluginId)}/${encodeURIComponent(viewId)}`;
}

/** The panel's navigation, read from the manifests alone (no plugin code runs to build it), in `order`. */
export function buildNavigation(manifests: readonly PluginManifest[], language: string): NavigationItem[] {
  return manifests
    .flatMap((manifest) =>
      manifest.contributes.views.map((view) => ({
        pluginId: manifest.id,
        viewId: view.id,
        title: view.titles?.[language] ?? view.title,
        url: viewUrl(manifest.id, view.id),
        order: view.order,
      })),
    )
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title))
    .map(({ order: _order, ...item }) => item);
}
