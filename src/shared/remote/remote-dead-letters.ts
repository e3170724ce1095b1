import type { DeadLetter } from '../messaging/dead-letters/dead-letter.js';
import { encodeDeadLetterCursor } from '../messaging/dead-letters/dead-letter.cursor.js';
import type {
  ListDeadLettersOptions,
  RedriveResult,
  RemoteDeadLetterSource,
} from '../messaging/dead-letters/dead-letter.source.js';
import type { RemoteModuleClient } from './remote-module.client.js';

/** A re-drive runs the handler over there: it may take as long as handling an event does. */
const REDRIVE_TIMEOUT_MS = 30_000;

/** The dead letters of the process hosting a remote module, through its service endpoints. */
export class RemoteDeadLetters implements RemoteDeadLetterSource {
  constructor(private readonly client: RemoteModuleClient) {}

  async list(options: ListDeadLettersOptions): Promise<DeadLetter[]> {
    const query = new URLSearchParams({
      limit: String(options.limit),
      includeRedriven: String(options.includeRedriven),
    });
    if (options.after) query.set('cursor', encodeDeadLetterCursor(options.after));
    const { items } = await this.client.call<{ items: DeadLetter[] }>({
      operation: 'listDeadLetters',
      method: 'GET',
      path: `/internal/events/dead-letters?${query.toString()}`,
      idempotent: true,
    });
    return items;
  }

  redrive(id: string): Promise<RedriveResult> {
    return this.client.call<RedriveResult>({
      operation: 'redriveDeadLetter',
      method: 'POST',
      path: `/internal/events/dead-letters/${encodeURIComponent(id)}/redrive`,
      idempotent: false,
      timeoutMs: REDRIVE_TIMEOUT_MS,
    });
  }
}
