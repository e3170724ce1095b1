import { randomBytes } from 'node:crypto';
import { request } from './http-client.js';

/** Sign-ins in flight at once: the throttle's per-address budget (25 by default) counts them until they succeed. */
const SIGN_IN_BATCH = 10;

/** Signs up `count` customers through the API and returns their access tokens. */
export async function registerCustomers(baseUrl: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let first = 0; first < count; first += SIGN_IN_BATCH) {
    tokens.push(...(await registerBatch(baseUrl, first, Math.min(SIGN_IN_BATCH, count - first))));
  }
  return tokens;
}

function registerBatch(baseUrl: string, first: number, count: number): Promise<string[]> {
  const base = new URL(baseUrl);
  return Promise.all(
    Array.from({ length: count }, async (_, offset) => {
      const index = first + offset;
      const credentials = {
        email: `bench-${index}-${randomBytes(3).toString('hex')}@example.com`,
        password: 'bench-password-1',
      };
      await request(base, {
        method: 'POST',
        path: '/api/users',
        body: JSON.stringify({ ...credentials, name: `Customer ${index}` }),
      });
      const login = await request(base, { method: 'POST', path: '/api/auth/login', body: JSON.stringify(credentials) });
      if (login.status !== 200) throw new Error(`customer ${index} could not sign in: ${login.status} ${login.body}`);
      return (JSON.parse(login.body) as { accessToken: string }).accessToken;
    }),
  );
}
