import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details.js';

/** Node's own code for each request it cannot even parse, and the status it deserves. */
const STATUS_BY_CODE: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };

/**
 * Answers requests Node's HTTP parser rejects before Fastify sees them (an
 * invalid header, a bad chunk size, headers too large, a request too slow)
 * with problem+json like every other error, instead of Fastify's own JSON,
 * then closes the connection, which can no longer be trusted.
 */
export function clientErrorHandler(logger: Logger): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const requestId = randomUUID();
    const { body, headers } = toProblem({ statusCode: STATUS_BY_CODE[error.code ?? ''] ?? 400, code: error.code, message: error.message });
    const payload = JSON.stringify({ ...body, requestId });
    logger.debug({ requestId, code: error.code, err: error }, 'refused a request that is not valid HTTP');
    if (socket.writable) {
      const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.write(
        `HTTP/1.1 ${body.status} ${body.title}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` +
          `cache-control: no-store\r\nx-request-id: ${requestId}\r\nconnection: close\r\n${extra}\r\n${payload}`,
      );
    }
    socket.destroy(error);
  };
}
