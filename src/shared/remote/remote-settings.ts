/** How this process calls modules hosted elsewhere. */
export interface RemoteSettings {
  readonly timeoutMs: number;
  /** Extra attempts for idempotent calls only. */
  readonly retries: number;
  readonly breakerFailureThreshold: number;
  readonly breakerResetMs: number;
  /** This process's name in service tokens and logs (its hosted modules). */
  readonly caller: string;
}

export const REMOTE_SETTINGS = Symbol('REMOTE_SETTINGS');
