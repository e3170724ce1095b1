// Plain ESM so Jest loads it natively; the TypeScript it needs is compiled on
// the fly by @swc-node's loader (Jest's own transform does not apply here).
import '@swc-node/register/esm-register';

/**
 * One PostgreSQL server for the whole run: the one in DATABASE_URL when set,
 * otherwise an embedded cluster in a temporary folder. Each test file then
 * creates its own database on it (see `test-database.ts`).
 */
export default async function globalSetup() {
  const { startTestServer } = await import('./test-server.ts');
  const server = await startTestServer();
  globalThis.__TESSERA_TEST_SERVER__ = server;
  process.env.TESSERA_TEST_ADMIN_URL = server.adminUrl;
}
