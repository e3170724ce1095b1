import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ROOT } from '../support/tessera-process.js';

/** The AsyncAPI document is served beside the OpenAPI page, to anyone, the same as committed. */
describe('GET /docs/asyncapi', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers the committed document as YAML, without a token', async () => {
    const response = await app.http.get<string>('/docs/asyncapi');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(response.body).toBe(readFileSync(join(ROOT, 'docs/asyncapi.yaml'), 'utf8'));
    expect((parse(response.body) as { asyncapi: string }).asyncapi).toBe('3.0.0');
    expect((await app.http.get('/docs')).status).toBe(200); // the OpenAPI page beside it still answers
  });
});
