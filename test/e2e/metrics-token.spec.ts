import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem } from './expect-problem.js';

const METRICS_TOKEN = 'scrape-secret-0123456789';

/** With METRICS_TOKEN set, only the scraper that sends it reads /metrics. */
describe('/metrics behind METRICS_TOKEN', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN }, { modules: [] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('401 problem+json without the token, with another token, or with a user-style header', async () => {
    expectProblem(await app.http.get('/metrics'), 401);
    expectProblem(await app.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } }), 401);
    expectProblem(await app.http.get('/metrics', { headers: { authorization: METRICS_TOKEN } }), 401);
  });

  it('200 Prometheus text with the token', async () => {
    const response = await app.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(response.body).toMatch(/^tessera_http_request_duration_seconds_count\{/m);
  });
});
