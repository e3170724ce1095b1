/** Network failures by the code Node (or undici) gives them, in the phrases `/health` shows. */
const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  UND_ERR_SOCKET: 'connection lost',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
};

/** The phrase for a socket error code, or undefined when the code is not a network failure. */
export function socketFailureReason(code: unknown): string | undefined {
  return typeof code === 'string' ? REASONS[code] : undefined;
}
