import type { TracingConfig } from '../../config/app-config.js';
import { traceSampler } from './trace-sampler.js';

/** A started tracer provider: `shutdown` exports what is still buffered. */
export interface Tracing {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

/** Requests that would trace nothing worth a trace: probes and scrapes, several a second in a cluster. */
const UNTRACED_PATH = /^\/(?:health|metrics|internal\/health)(?:[/?]|$)/;

/**
 * Starts OpenTelemetry tracing when an OTLP endpoint is configured; otherwise loads nothing (the API's no-op tracer
 * stays in place). Must run before the application loads: the HTTP and pg instrumentations patch those packages
 * as they are first required.
 */
export async function startTracing(config: TracingConfig | undefined, version: string): Promise<Tracing> {
  if (config?.tracesUrl === undefined) return OFF;
  const [api, sdk, { AsyncLocalStorageContextManager }, core, resources, semconv, instrumentation, http, pg, undici] =
    await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-pg'),
      import('@opentelemetry/instrumentation-undici'),
    ]);
  const { OTLPTraceExporter } =
    config.protocol === 'http/json'
      ? await import('@opentelemetry/exporter-trace-otlp-http')
      : await import('@opentelemetry/exporter-trace-otlp-proto');
  const resource = resources
    .defaultResource()
    .merge(resources.detectResources({ detectors: [resources.resourceAttributesEnvDetector, resources.hostDetector] }))
    .merge(
      resources.resourceFromAttributes({
        [semconv.ATTR_SERVICE_NAME]: config.serviceName,
        [semconv.ATTR_SERVICE_VERSION]: version,
      }),
    );
  const provider = new sdk.TracerProvider({
    resource,
    sampler: traceSampler(config.sampler, config.samplerRatio, sdk),
    spanProcessors: [
      // A larger queue than the default 2048: one order makes a few dozen spans, and a burst must not drop them.
      new sdk.BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: config.tracesUrl }), maxQueueSize: 16_384 }),
    ],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(
    new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    }),
  );
  api.trace.setGlobalTracerProvider(provider);
  instrumentation.registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new http.HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATH.test(request.url ?? ''),
        // Tessera calls out with fetch (traced below); what goes out over node:http is the exporter's own posts.
        disableOutgoingRequestInstrumentation: true,
      }),
      // Health probes of remote modules run outside any request: only calls made within a trace are spans.
      new undici.UndiciInstrumentation({ requireParentforSpans: true }),
      // The relays' polling queries stand alone: only queries within a trace are spans.
      new pg.PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
  });
  return {
    enabled: true,
    shutdown: () => provider.shutdown(),
  };
}
