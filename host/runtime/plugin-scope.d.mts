/** What the host tells its loader hooks about a plugin it imports. */
export interface PluginScope {
  /** The plugin folder's file URL, ending in a slash. */
  readonly root: string;
  /** Its own id and those of the plugins it declares it depends on: the only `@vpp-host/plugins/<id>/api` it may import. */
  readonly contracts: readonly string[];
  /** Which load of the plugin: a restart imports every file of the plugin again. */
  readonly generation: number;
}

export declare const PLUGIN_SCOPE_PARAM: string;
export declare function markLoaderHooksRegistered(): void;
export declare function loaderHooksRegistered(): boolean;
export declare function readPluginScope(url: string): (PluginScope & { readonly encoded: string }) | undefined;
