export declare const STAMP_FILE: string;

export interface BuildStamp {
  /** Date.now() when the build began: a source changed at or after it makes the build stale. */
  readonly startedAt: number;
  /** The repository root, relative to the output folder. */
  readonly root: string;
  /** Every file the build read, relative to the root ('/'-separated), node_modules' files left out for their lock file. */
  readonly inputs: readonly string[];
  /** Entry source file (relative to the root) to its output file (relative to the output folder). */
  readonly entries: Readonly<Record<string, string>>;
}

export interface Build {
  readonly outDir: string;
  readonly root: string;
  readonly stamp: BuildStamp;
}

export declare function writeStamp(outDir: string, stamp: BuildStamp): void;
export declare function openBuild(outDir: string): Build | undefined;
export declare function freshBuild(outDir: string): Build | undefined;
export declare function builtFile(build: Build, sourceFile: string): string | undefined;
