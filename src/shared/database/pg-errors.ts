/** SQLSTATE codes Tessera reacts to; see https://www.postgresql.org/docs/current/errcodes-appendix.html */
export const PgErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
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
  return pgErrorCode(error) === PgErrorCode.uniqueViolation && (constraint === undefined || pgConstraint(error) === constraint);
}
