/** SQLSTATE codes Tessera reacts to; see https://www.postgresql.org/docs/current/errcodes-appendix.html */
export const PgErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  lockNotAvailable: '55P03',
  queryCanceled: '57014',
  insufficientPrivilege: '42501',
  duplicateObject: '42710',
  duplicateSchema: '42P06',
  invalidTextRepresentation: '22P02',
} as const;

interface PgLikeError {
  code?: string;
  constraint?: string;
  driverError?: PgLikeError;
}

/** The SQLSTATE of a `pg` error, also when TypeORM wrapped it in a QueryFailedError. */
export function pgErrorCode(error: unknown): string | undefined {
  const candidate = error as PgLikeError | undefined;
  return candidate?.driverError?.code ?? candidate?.code;
}

export function pgConstraint(error: unknown): string | undefined {
  const candidate = error as PgLikeError | undefined;
  return candidate?.driverError?.constraint ?? candidate?.constraint;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return (
    pgErrorCode(error) === PgErrorCode.uniqueViolation &&
    (constraint === undefined || pgConstraint(error) === constraint)
  );
}

/** Connection-level failures (server down, restarting, out of connections, pool timeout), not query errors. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Contention that passes by itself: serialization failure, deadlock, lock timeout, statement timeout. */
const CONTENTION_CODES = new Set<string>([
  PgErrorCode.serializationFailure,
  PgErrorCode.deadlockDetected,
  PgErrorCode.lockNotAvailable,
  PgErrorCode.queryCanceled,
]);

/** The database (or a connection to it) is not there: the same work may succeed later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  const candidate = error as { driverError?: { message?: string }; message?: string } | undefined;
  const message = candidate?.driverError?.message ?? candidate?.message ?? '';
  // 55000 covers much else; only "database … is not currently accepting connections" (ALLOW_CONNECTIONS false, a maintenance switch) is an outage.
  if (code === '55000' && /not currently accepting connections/.test(message)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}

/** Unavailable, or contention that goes away: retrying the same work unchanged can succeed. */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = pgErrorCode(error);
  return isDatabaseUnavailable(error) || (code !== undefined && CONTENTION_CODES.has(code));
}
