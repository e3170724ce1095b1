import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnsupportedMediaTypeError, ValidationError } from '../../errors/application.errors.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Reads a JSON request body as RFC 8259 says it is sent: UTF-8, unencoded.
 * Fastify's own parser would decode other bytes as U+FFFD and store them so,
 * ignore a declared charset, and call a gzip body malformed JSON; here those
 * are refused (400, 415) before anything is parsed, and an empty body is no
 * body rather than malformed JSON. Parsing itself stays
 * Fastify's, prototype-poisoning checks included.
 */
export function jsonBodyParser(fastify: FastifyInstance): (request: FastifyRequest, body: Buffer, done: Done) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const coding = request.headers['content-encoding']?.trim().toLowerCase();
    if (coding && coding !== 'identity') {
      return done(
        new UnsupportedMediaTypeError(`Request bodies are read as sent: Content-Encoding ${coding} is not supported.`),
      );
    }
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new UnsupportedMediaTypeError(`JSON bodies are read as UTF-8; charset ${charset} is not supported.`));
    }
    // No bytes is no body, whatever the Content-Type says (clients send the header on every POST):
    // a route that takes no body accepts it, one that needs a body refuses it as missing.
    if (body.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = UTF8.decode(body);
    } catch {
      return done(ValidationError.forField('body', 'must be UTF-8 text (it holds bytes that are not)'));
    }
    // Fastify's default parser answers through the callback; its return value carries nothing.
    void parse(request, text, (error, parsed) => {
      // Valid JSON refused all the same: it names __proto__ or constructor.prototype, which could reach object prototypes.
      if (error && text.length > 0 && isPlainJson(text)) {
        return done(
          ValidationError.forField('body', 'must not use __proto__ or constructor.prototype as property names'),
        );
      }
      done(error, parsed);
    });
  };
}

function isPlainJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
