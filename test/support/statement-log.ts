import { jest } from '@jest/globals';
import pg from 'pg';

/** What `work` returns, and the text of every statement any pg connection of this process sent meanwhile, in order. */
export async function statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const query = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown;
  const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args) {
    statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text));
    return query.apply(this, args);
  });
  try {
    return { result: await work(), statements };
  } finally {
    spy.mockRestore();
  }
}
