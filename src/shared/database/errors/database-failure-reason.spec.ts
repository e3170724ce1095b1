import { databaseFailureReason } from './database-failure-reason.js';

const withCode = (code: string, message = 'raw driver text naming db.internal:5432') =>
  Object.assign(new Error(message), { code });

describe('databaseFailureReason', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'host not found'],
    ['28P01', 'authentication refused'],
    ['42501', 'permission denied'],
    ['3D000', 'database does not exist'],
    ['57P01', 'connection ended by the server'],
    ['57P03', 'not accepting connections yet (starting up or shutting down)'],
    ['53300', 'too many connections'],
  ])('names %s by a fixed phrase', (code, reason) => {
    expect(databaseFailureReason(withCode(code))).toBe(reason);
  });

  it('reads the code through TypeORM’s wrapper', () => {
    expect(databaseFailureReason(Object.assign(new Error('query failed'), { driverError: withCode('42501') }))).toBe(
      'permission denied',
    );
  });

  it('describes a lost connection and a full pool by their driver messages, and anything else without its text', () => {
    expect(databaseFailureReason(new Error('Connection terminated unexpectedly'))).toBe('connection lost');
    expect(databaseFailureReason(new Error('timeout exceeded when trying to connect'))).toBe(
      'no connection free within the pool time-out',
    );
    expect(databaseFailureReason(withCode('XX000', 'internal error at db.internal'))).toBe(
      'query failed (SQLSTATE XX000)',
    );
    expect(databaseFailureReason(new Error('something at db.internal:5432'))).toBe('query failed');
  });
});
