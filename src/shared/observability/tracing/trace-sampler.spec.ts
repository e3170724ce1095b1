import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import * as sdk from '@opentelemetry/sdk-trace';
import { traceSampler } from './trace-sampler.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const decide = (sampler: ReturnType<typeof traceSampler>, name: string, traceId = TRACE_ID) =>
  sampler.shouldSample(ROOT_CONTEXT, traceId, name, SpanKind.CLIENT, {}, []).decision;

describe('the sampler OTEL_TRACES_SAMPLER names', () => {
  it('records what the named sampler records, but never a statement that only opens or commits a transaction', () => {
    const sampler = traceSampler('parentbased_always_on', 1, sdk);
    expect(decide(sampler, 'POST /api/orders')).toBe(sdk.SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, 'pg.query:INSERT tessera')).toBe(sdk.SamplingDecision.RECORD_AND_SAMPLED);
    for (const name of ['pg.query:START tessera', 'pg.query:BEGIN', 'pg.query:COMMIT tessera'])
      expect(decide(sampler, name)).toBe(sdk.SamplingDecision.NOT_RECORD);
    expect(decide(sampler, 'pg.query:ROLLBACK tessera')).toBe(sdk.SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('is the specification’s sampler for each name', () => {
    expect(decide(traceSampler('always_off', 1, sdk), 'GET /health')).toBe(sdk.SamplingDecision.NOT_RECORD);
    expect(traceSampler('parentbased_traceidratio', 0.25, sdk).toString()).toMatch(
      /^ParentBased\{root=TraceIdRatioBased\{0\.25\}.* without transaction control$/,
    );
    // A ratio of 0 records no new trace, 1 every one.
    expect(decide(traceSampler('traceidratio', 0, sdk), 'POST /api/orders')).toBe(sdk.SamplingDecision.NOT_RECORD);
    expect(decide(traceSampler('traceidratio', 1, sdk), 'POST /api/orders')).toBe(
      sdk.SamplingDecision.RECORD_AND_SAMPLED,
    );
  });
});
