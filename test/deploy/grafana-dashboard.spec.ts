import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ROOT } from '../support/tessera-process.js';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}

const DASHBOARD = 'deploy/grafana/tessera.dashboard.json';
/** The samples a histogram or counter family exposes under its name. */
const SUFFIXES = ['_bucket', '_count', '_sum', ''];

/** The Grafana dashboard in the repository parses, and asks only for metrics a Tessera process exposes. */
describe('the Grafana dashboard', () => {
  let app: TestApp;
  const dashboard = JSON.parse(readFileSync(join(ROOT, DASHBOARD), 'utf8')) as { panels: Panel[]; title: string };
  const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has a query for each of rate, errors and duration per route, handlers, backlog, lag and dead letters', () => {
    expect(dashboard.title).toBe('Tessera');
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const needed of [
      /rate\(tessera_http_request_duration_seconds_count/,
      /status=~"5\.\."/,
      /histogram_quantile\(0\.99, sum by \(le, route\) \(rate\(tessera_http_request_duration_seconds_bucket/,
      /tessera_events_handled_total/,
      /tessera_outbox_backlog/,
      /tessera_event_delivery_lag_seconds_bucket/,
      /tessera_dead_letters/,
    ])
      expect(queries.some((query) => needed.test(query))).toBe(true);
  });

  it('references only metric families, and their labels, that /metrics exposes', async () => {
    const text = (await app.http.get<string>('/metrics')).body;
    const families = new Map<string, string>();
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(name, type);
    for (const query of queries) {
      for (const [sample] of query.matchAll(/tessera_[a-z_]+/g)) {
        const family = SUFFIXES.map((suffix) =>
          sample.endsWith(suffix) ? sample.slice(0, sample.length - suffix.length) : '',
        ).find((name) => families.has(name));
        expect({ query, sample, exposed: family !== undefined }).toEqual({ query, sample, exposed: true });
      }
    }
    // The labels grouped by are the metrics' own (read from their samples once there is traffic).
    await app.http.get('/health');
    const exposition = (await app.http.get<string>('/metrics')).body;
    const durationLabels = /tessera_http_request_duration_seconds_count\{([^}]*)\}/.exec(exposition)?.[1] ?? '';
    for (const label of ['route', 'status']) expect(durationLabels).toContain(`${label}=`);
  });
});
