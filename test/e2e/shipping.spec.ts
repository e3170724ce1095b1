import { shippingSaga } from '../support/shipping-saga.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The order → shipping saga in one process on the embedded (or DATABASE_URL) PostgreSQL; the topologies run it split. */
describe('shipping saga', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  shippingSaga(() => app.http);
});
