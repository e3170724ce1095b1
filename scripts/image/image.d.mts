export declare const ROOT: string;
export declare const CONTAINERFILE: string;
export declare const BASE_IMAGE: string;
export declare const DEFAULT_TAG: string;

export interface BuildOptions {
  /** The image's name; DEFAULT_TAG unless given. */
  readonly tag?: string;
  /** Run `npm run build` first (default true); false uses the dist/ already there. */
  readonly build?: boolean;
  /** Make the Debian base again even when it is cached. */
  readonly refreshBase?: boolean;
  /** Where progress lines go (stdout unless given). */
  readonly log?: (line: string) => void;
  /** Show the commands' own output. */
  readonly echo?: boolean;
}

export interface BaseResult {
  readonly image: string;
  readonly built: boolean;
  readonly seconds: number;
}

export interface BuildResult {
  readonly tag: string;
  readonly size: number;
  readonly node: string;
  readonly base: BaseResult;
  readonly buildSeconds: number;
  readonly totalSeconds: number;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly echo?: boolean;
  readonly allowFailure?: boolean;
}

export declare function cacheDir(): string;
export declare function missingPrerequisites(): string | undefined;
export declare function podmanEnvironment(): NodeJS.ProcessEnv;
export declare function podman(args: readonly string[], options?: Omit<RunOptions, 'env'>): Promise<RunResult>;
export declare function imageSize(image: string): Promise<number>;
export declare function buildImage(options?: BuildOptions): Promise<BuildResult>;
export declare function ensureBase(options?: {
  readonly refresh?: boolean;
  readonly log?: (line: string) => void;
  readonly echo?: boolean;
}): Promise<BaseResult>;
export declare function run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
export declare function megabytes(bytes: number): string;
