import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../problems/problem-details.js';
import { unservedMethodError } from './unserved-methods.js';

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
    logger.debug({ requestId, code: error.code, err: error }, 'refused a request that is not valid HTTP');
    // A response already under way on this connection cannot be followed by another.
    const responding =
      (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (!responding)
      writeProblem(
        socket,
        toProblem({ statusCode: STATUS_BY_CODE[error.code ?? ''] ?? 400, code: error.code, message: error.message }),
        requestId,
      );
    socket.destroy(error);
  };
}

/**
 * CONNECT never reaches Fastify (Node hands it to the server's `connect`
 * event, and without a listener just drops the connection): it is answered 501
 * here, as TRACE is by the router, since no resource is served through tunnels.
 */
export function connectHandler(logger: Logger): (request: IncomingMessage, socket: Socket) => void {
  return (request, socket) => {
    const requestId = randomUUID();
    logger.debug({ requestId, target: request.url }, 'refused a CONNECT request');
    writeProblem(socket, toProblem(unservedMethodError('CONNECT')), requestId);
    socket.destroy();
  };
}

/** A whole HTTP/1.1 response with a problem+json body, written on a raw socket that is closed afterwards. */
function writeProblem(socket: Socket, { body, headers }: ReturnType<typeof toProblem>, requestId: string): void {
  if (!socket.writable) return;
  const payload = JSON.stringify({ ...body, requestId });
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(
    `HTTP/1.1 ${body.status} ${body.title}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` +
      `cache-control: no-store\r\nx-request-id: ${requestId}\r\nconnection: close\r\n${extra}\r\n${payload}`,
  );
}
