import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import type { TraceSampler } from '../../config/app-config.js';

type Sdk = Pick<
  typeof import('@opentelemetry/sdk-trace'),
  'AlwaysOnSampler' | 'AlwaysOffSampler' | 'TraceIdRatioBasedSampler' | 'ParentBasedSampler' | 'SamplingDecision'
>;

/**
 * The pg instrumentation's spans for statements that only open or close a transaction (`pg.query:START <db>`,
 * `COMMIT`, savepoints): a fifth of an order's spans, telling nothing its handler's span does not. A ROLLBACK is
 * kept: it says something failed.
 */
const TRANSACTION_CONTROL = /^pg\.query:(?:START|BEGIN|COMMIT|SAVEPOINT|RELEASE)\b/;

/**
 * The sampler `OTEL_TRACES_SAMPLER` names, as the specification defines each, that also leaves transaction
 * control out. Hand-written because SDK 3 dropped reading it from the environment, and the package that still does
 * (sdk-node) brings gRPC, metrics and logs exporters along.
 */
export function traceSampler(name: TraceSampler, ratio: number, sdk: Sdk): Sampler {
  const root = name.endsWith('always_on')
    ? new sdk.AlwaysOnSampler()
    : name.endsWith('always_off')
      ? new sdk.AlwaysOffSampler()
      : new sdk.TraceIdRatioBasedSampler(ratio);
  const chosen = name.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root }) : root;
  return {
    shouldSample(
      context: Context,
      traceId: string,
      spanName: string,
      spanKind: SpanKind,
      attributes: Attributes,
      links: Link[],
    ): SamplingResult {
      if (TRANSACTION_CONTROL.test(spanName)) return { decision: sdk.SamplingDecision.NOT_RECORD };
      return chosen.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    },
    toString: () => `${chosen.toString()} without transaction control`,
  };
}
