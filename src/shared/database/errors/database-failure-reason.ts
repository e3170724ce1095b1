import { socketFailureReason } from '../../health/socket-failure-reason.js';
import { pgErrorCode } from './pg-errors.js';

/** Fixed phrases by SQLSTATE; anything else is described without its details. */
const REASONS: Readonly<Record<string, string>> = {
  '28000': 'authentication refused',
  '28P01': 'authentication refused',
  '3D000': 'database does not exist',
  '42501': 'permission denied',
  '53300': 'too many connections',
  '55000': 'not accepting connections',
  '57P01': 'connection ended by the server',
  '57P02': 'server restarting after a crash',
  '57P03': 'not accepting connections yet (starting up or shutting down)',
  '57014': 'query timed out',
};

/**
 * What a failed database health check says on the public `/health`: the kind
 * of failure, never the driver's message (it names hosts, ports, roles and
 * databases). The raw error goes to the log.
 */
export function databaseFailureReason(error: unknown): string {
  const code = pgErrorCode(error);
  const known = socketFailureReason(code) ?? (code === undefined ? undefined : REASONS[code]);
  if (known !== undefined) return known;
  const message = error instanceof Error ? error.message : '';
  if (/Connection terminated|connection error/i.test(message)) return 'connection lost';
  if (/timeout exceeded when trying to connect/i.test(message)) return 'no connection free within the pool time-out';
  return code === undefined ? 'query failed' : `query failed (SQLSTATE ${code})`;
}
