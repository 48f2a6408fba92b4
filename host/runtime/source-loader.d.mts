export interface SourceLoaderData {
  /** Source file URL to the URL of its build, for `@vpp-host/*` when the host runs from one. */
  readonly built: Readonly<Record<string, string>>;
}

export declare function registerSourceLoader(data?: SourceLoaderData): void;
