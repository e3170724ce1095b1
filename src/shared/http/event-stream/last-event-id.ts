import { ValidationError } from '../../errors/application.errors.js';

/** Visible ASCII: what any stream's ids are made of; a stream narrows it to the ids it sends. */
const ANY_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Where a client resumes a stream: the `Last-Event-ID` header a browser's EventSource sends when it reconnects, or the
 * `lastEventId` query parameter, for a page that opens a new EventSource (which cannot set headers) after signing in
 * again. Undefined when neither is sent; a malformed one is a 400 before the stream opens.
 */
export function lastEventId(header: string | string[] | undefined, query: unknown, form = ANY_ID): string | undefined {
  const given = header ?? query;
  if (given === undefined || given === '') return undefined;
  if (typeof given !== 'string' || !form.test(given))
    throw new ValidationError('Last-Event-ID must be an id this stream sent.', {
      'Last-Event-ID': ['must be an id this stream sent, once'],
    });
  return given;
}
