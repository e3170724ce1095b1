import { randomUUID } from 'node:crypto';
import type { HttpResponse } from '../support/http-client.js';

/** Things that must never reach a client: stack frames, SQL, driver and ORM internals. */
const LEAKS: readonly RegExp[] = [
  /\n\s+at\s/,
  /\bat\s+\S+\s+\(?(?:file:\/\/)?\/[^\s)]+:\d+:\d+\)?/,
  /node_modules/,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /QueryFailedError|TypeORMError|EntityNotFound|DatabaseError|PostgresError/,
  /\b(?:SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE)\b/,
  /\b(?:duplicate key value|violates (?:unique|foreign key|check) constraint|syntax error at or near|relation "|column "|invalid input syntax)/i,
  /\b(?:catalog|orders|users)\.(?:products|orders|order_lines|users)\b/,
  /SQLSTATE|\bpg_\w+/i,
];

/** Fails when a body (any JSON value or text) carries a stack trace or SQL. */
export function expectNoLeak(body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const pattern of LEAKS) {
    if (pattern.test(text)) throw new Error(`response body leaks internals (${pattern}): ${text}`);
  }
  if (body !== null && typeof body === 'object') {
    expect(body).not.toHaveProperty('stack');
    expect(body).not.toHaveProperty('sql');
    expect(body).not.toHaveProperty('query');
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: Record<string, string[]>;
  [key: string]: unknown;
}

/**
 * Asserts an RFC 9457 problem: the status, `application/problem+json`, the
 * `status`/`title`/`detail`/`code` members, the `requestId` the `x-request-id`
 * header carries, `errors` per field on 400 (naming at least `fields` when
 * given), and nothing internal in the body.
 */
export function expectProblem(response: HttpResponse, status: number, fields: readonly string[] = []): Problem {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json\b/);
  const body = response.body as Problem;
  expect(body).toEqual(expect.objectContaining({ status, title: expect.any(String), detail: expect.any(String) }));
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(0);
  // A stable code to branch on, and the request id to quote, the same as the header's.
  expect(body.code).toMatch(/^[a-z][a-z0-9.-]+$/);
  expect(body.requestId).toEqual(expect.any(String));
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  if (status === 400) {
    expect(body.errors).toEqual(expect.any(Object));
    expect(Object.keys(body.errors!).length).toBeGreaterThan(0);
    for (const messages of Object.values(body.errors!)) {
      expect(messages).toEqual(expect.arrayContaining([expect.any(String)]));
    }
    for (const field of fields) {
      if (!(field in body.errors!))
        throw new Error(`expected errors to name "${field}", got ${JSON.stringify(body.errors)}`);
    }
  }
  expectNoLeak(body);
  return body;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A well-formed UUID that no row has. */
export function unknownUuid(): string {
  return randomUUID();
}
