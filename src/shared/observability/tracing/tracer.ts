import { type Context, type Span, type SpanOptions, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Tessera's own spans: the outbox write, the relay's publish, the broker's consume, each event handler.
 * HTTP, fetch and pg spans come from their instrumentations. Until tracing starts (and whenever it is off)
 * this is the API's no-op tracer, whose spans cost a function call.
 */
export const tracer = trace.getTracer('tessera');

/** Runs `work` in a new span, active under `parent`; an error thrown is recorded on it; it ends either way. */
export function inSpan<T>(
  name: string,
  options: SpanOptions,
  parent: Context,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
