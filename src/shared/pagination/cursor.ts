import { ValidationError } from '../errors/application.errors.js';
import { validate as isUuid } from 'uuid';

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass back as `cursor` for the next page. `null` on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Keyset pagination over time-ordered (UUIDv7) ids: the cursor is the id of the
 * last row returned, wrapped so clients treat it as opaque. Pages are stable
 * (no row twice, none skipped among rows that existed when paging began); a row
 * committed later with an id below a cursor already handed out (made in another
 * process a moment earlier, or committed slowly) is not seen by that walk.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`v1:${lastId}`, 'utf8').toString('base64url');
}

/** The id a cursor wraps; a forged one (even well-formed around something else) is a 400, not an empty page. */
export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  // Buffer skips characters outside base64url: only the exact encoding of what it decodes to is accepted.
  if (!decoded.startsWith('v1:') || !isUuid(decoded.slice(3)) || encodeCursor(decoded.slice(3)) !== cursor) {
    throw new ValidationError('cursor is not a cursor this API returned.', {
      cursor: ['is not a cursor this API returned'],
    });
  }
  return decoded.slice(3);
}
