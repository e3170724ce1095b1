/** One call of a remote module's service endpoint. */
export interface RemoteCall {
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** Only idempotent calls are retried; a POST that changes state never is. */
  readonly idempotent: boolean;
  /** For a call known to take long (it runs a handler): overrides REMOTE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}
