import type { FastifyReply, FastifyRequest } from 'fastify';
import { activeTraceIds } from '../../observability/tracing/trace-context.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details.js';

/** Writes an error as problem+json; shared by the Nest filter and Fastify's own error handler. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { body, headers, unexpected } = toProblem(error);
  if (unexpected) request.log.error({ err: error }, 'unhandled error');
  else if (body.status >= 500) request.log.warn({ code: body.code, detail: body.detail }, 'request failed');
  if (reply.sent) return;
  void reply
    .status(body.status)
    .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' })
    .send({ ...body, instance: request.url.split('?')[0], requestId: String(request.id), ...traceOf() });
}

/** The trace the failed request is part of, when it is traced: a user's report then leads to it. */
function traceOf(): { traceId?: string } {
  const ids = activeTraceIds();
  return ids === undefined ? {} : { traceId: ids.traceId };
}
