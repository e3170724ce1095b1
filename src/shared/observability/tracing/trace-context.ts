import { type Context, context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';

/**
 * W3C trace context as the CloudEvents distributed-tracing extension names its attributes: what an event carries
 * (in its outbox row, on the broker) so that handling it continues the trace of the work that raised it.
 */
export interface TraceContext {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** The active span's context, to store with an event; empty when nothing is traced. */
export function currentTraceContext(): TraceContext {
  const carrier: { traceparent?: string; tracestate?: string } = {};
  propagation.inject(context.active(), carrier);
  if (carrier.traceparent === undefined) return {};
  return carrier.tracestate
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent };
}

/** The context to continue from what an event carries; a new trace when it carries none. */
export function contextFrom(carried: TraceContext): Context {
  return carried.traceparent === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, carried);
}

/** The ids a log line or an error answer quotes, so it leads to its trace; undefined outside a recorded span. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getActiveSpan();
  if (span === undefined || !span.isRecording()) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/**
 * Names the active HTTP server span after its route (`POST /api/orders`), as the HTTP conventions ask. The route is
 * asked for only when a span records: reading it allocates on every request.
 */
export function nameRequestSpan(method: string, route: () => string | undefined): void {
  const span = trace.getActiveSpan();
  if (span === undefined || !span.isRecording()) return;
  const pattern = route();
  if (pattern === undefined) return;
  span.updateName(`${method} ${pattern}`);
  span.setAttribute('http.route', pattern);
}
