import type { Sampler } from '@opentelemetry/sdk-trace';
import type { TraceSampler } from '../../config/app-config.js';

type SamplerClasses = Pick<
  typeof import('@opentelemetry/sdk-trace'),
  'AlwaysOnSampler' | 'AlwaysOffSampler' | 'TraceIdRatioBasedSampler' | 'ParentBasedSampler'
>;

/**
 * The sampler `OTEL_TRACES_SAMPLER` names, as the specification defines each. Hand-written because SDK 3 dropped
 * reading it from the environment, and the package that still does (sdk-node) brings gRPC, metrics and logs along.
 */
export function traceSampler(name: TraceSampler, ratio: number, sdk: SamplerClasses): Sampler {
  const root = name.endsWith('always_on')
    ? new sdk.AlwaysOnSampler()
    : name.endsWith('always_off')
      ? new sdk.AlwaysOffSampler()
      : new sdk.TraceIdRatioBasedSampler(ratio);
  return name.startsWith('parentbased_') ? new sdk.ParentBasedSampler({ root }) : root;
}
