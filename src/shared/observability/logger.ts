import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/app-config.js';
import { requestContext } from './request-context.js';

/**
 * The process-wide structured logger: one JSON object per line, carrying the
 * request id and correlation id of whatever unit of work is running.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const context = requestContext.current();
        return context ? { requestId: context.requestId, correlationId: context.correlationId } : {};
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', 'password'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
