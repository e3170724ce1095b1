import { randomBytes } from 'node:crypto';
import { request } from './http-client.js';

/** Signs up `count` customers through the API and returns their access tokens. */
export function registerCustomers(baseUrl: string, count: number): Promise<string[]> {
  const base = new URL(baseUrl);
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const credentials = { email: `bench-${index}-${randomBytes(3).toString('hex')}@example.com`, password: 'bench-password-1' };
      await request(base, { method: 'POST', path: '/api/users', body: JSON.stringify({ ...credentials, name: `Customer ${index}` }) });
      const login = await request(base, { method: 'POST', path: '/api/auth/login', body: JSON.stringify(credentials) });
      if (login.status !== 200) throw new Error(`customer ${index} could not sign in: ${login.status} ${login.body}`);
      return (JSON.parse(login.body) as { accessToken: string }).accessToken;
    }),
  );
}
