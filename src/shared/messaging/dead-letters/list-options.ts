import { decodeDeadLetterCursor } from './dead-letter.cursor.js';
import type { ListDeadLettersOptions } from './dead-letter.source.js';

/** A dead-letter listing's query string, read: open ones only unless asked, 100 a page, after the cursor's position. */
export function listOptions(query: {
  includeRedriven?: boolean;
  limit?: number;
  cursor?: string;
}): ListDeadLettersOptions {
  return {
    includeRedriven: query.includeRedriven ?? false,
    limit: query.limit ?? 100,
    ...(query.cursor === undefined ? {} : { after: decodeDeadLetterCursor(query.cursor) }),
  };
}
