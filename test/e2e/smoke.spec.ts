import { startTestApp, type TestApp } from '../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

it('answers health', async () => {
  const response = await app.http.get('/health');
  expect(response.status).toBe(200);
});
