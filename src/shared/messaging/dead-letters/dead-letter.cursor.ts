import { ValidationError } from '../../errors/application.errors.js';
import { validate as isUuid } from 'uuid';
import type { DeadLetter } from './dead-letter.js';

/** Where a page of dead letters ends: the last one's place in the order every process lists them in. */
export interface DeadLetterPosition {
  /** ISO time to the millisecond, as `DeadLetter.parkedAt`. */
  readonly parkedAt: string;
  readonly id: string;
}

const ISO_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Newest first by parking time to the millisecond, then by id, both compared
 * by code unit (SQL: COLLATE "C"): the same order in every process's query and
 * in the merge across processes, so pages neither skip nor repeat.
 */
export function newestFirst(a: DeadLetter, b: DeadLetter): number {
  return compare(b.parkedAt, a.parkedAt) || compare(b.id, a.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function encodeDeadLetterCursor(last: DeadLetterPosition): string {
  return Buffer.from(`dl1|${last.parkedAt}|${last.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names; anything this API did not hand out is a 400 on `cursor`. */
export function decodeDeadLetterCursor(cursor: string): DeadLetterPosition {
  const [version, parkedAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const position = { parkedAt: parkedAt ?? '', id: id ?? '' };
  if (
    version !== 'dl1' ||
    rest.length > 0 ||
    !ISO_MILLISECONDS.test(position.parkedAt) ||
    !isUuid(position.id) ||
    encodeDeadLetterCursor(position) !== cursor
  ) {
    throw new ValidationError('cursor is not a cursor this API returned.', {
      cursor: ['is not a cursor this API returned'],
    });
  }
  return position;
}
