import { randomBytes, randomInt } from 'node:crypto';

/** The millisecond and the 12-bit counter of the last id this process made. */
let last = { ms: -1, counter: 0 };

/**
 * Time-ordered UUIDs (RFC 9562 version 7): ids sort by creation time, so
 * inserts land at the end of B-tree indexes instead of scattering. Within one
 * millisecond the 12 bits after the version count up from a random start
 * (RFC 9562 §6.2, method 1), so ids one process makes in the same millisecond
 * also sort in the order they were made — which keyset pagination relies on.
 */
export function uuidV7(now: number = Date.now()): string {
  let ms = now;
  let counter: number;
  if (ms === last.ms || (ms < last.ms && last.ms - ms < 1_000)) {
    // Same millisecond, or the clock stepped back a little: keep counting from the last id.
    ms = last.ms;
    counter = last.counter + 1;
    if (counter > 0xfff) {
      ms += 1;
      counter = randomInt(0, 0x800);
    }
  } else {
    counter = randomInt(0, 0x800); // the top bit left clear leaves room to count within the millisecond
  }
  last = { ms, counter };
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
