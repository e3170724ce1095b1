import { Injectable } from '@nestjs/common';
import { ConflictError, ServiceUnavailableError } from '../../errors/application.errors.js';
import type { DeadLetter } from './dead-letter.js';
import { encodeDeadLetterCursor, newestFirst } from './dead-letter.cursor.js';
import type { ListDeadLettersOptions, RedriveResult, RemoteDeadLetterSource } from './dead-letter.source.js';
import { DeadLetterNotFoundError, type Inbox } from '../inbox/inbox.js';
import { RemoteRedriveRefusedError } from './remote-redrive-refused.error.js';

interface RemoteProcess {
  readonly modules: string[];
  readonly source: RemoteDeadLetterSource;
}

export interface DeadLetterListing {
  readonly items: DeadLetter[];
  /** Pass back as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
  /** Modules in other processes that did not answer: their dead letters are missing from `items`. */
  readonly unavailable: string[];
}

/**
 * Every inbox of this process, and the other processes of the deployment
 * (their modules reached by URL), so operations see and re-drive every parked
 * event through one base URL whatever the topology.
 */
@Injectable()
export class DeadLetterRegistry {
  private readonly inboxes = new Map<string, Inbox>();
  /** By base URL: a process hosting several remote modules is asked once. */
  private readonly remotes = new Map<string, RemoteProcess>();

  register(inbox: Inbox): void {
    this.inboxes.set(inbox.module, inbox);
  }

  registerRemote(baseUrl: string, module: string, source: RemoteDeadLetterSource): void {
    const known = this.remotes.get(baseUrl);
    if (known) known.modules.push(module);
    else this.remotes.set(baseUrl, { modules: [module], source });
  }

  /** This process's dead letters, newest first. */
  async listLocal(options: ListDeadLettersOptions): Promise<DeadLetter[]> {
    const perModule = await Promise.all([...this.inboxes.values()].map((inbox) => inbox.listDeadLetters(options)));
    return perModule.flat().sort(newestFirst).slice(0, options.limit);
  }

  /**
   * A page of this process's and every other process's dead letters, newest
   * first; a process that does not answer is named, not fatal. Each is asked
   * for one more than the page, so a next page is offered only when it exists.
   */
  async list(options: ListDeadLettersOptions): Promise<DeadLetterListing> {
    const asked = { ...options, limit: options.limit + 1 };
    const remotes = [...this.remotes.values()];
    const [local, ...remote] = await Promise.allSettled([
      this.listLocal(asked),
      ...remotes.map(({ source }) => source.list(asked)),
    ]);
    if (local.status === 'rejected') throw local.reason;
    const found = [local.value, ...remote.map((result) => (result.status === 'fulfilled' ? result.value : []))].flat();
    const unavailable = remotes.flatMap(({ modules }, index) => (remote[index].status === 'rejected' ? modules : []));
    // Two URLs may reach one process: each dead letter is shown once.
    const unique = [...new Map(found.map((item) => [item.id, item])).values()].sort(newestFirst);
    const items = unique.slice(0, options.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: unique.length > options.limit && last ? encodeDeadLetterCursor(last) : null,
      unavailable,
    };
  }

  /** Re-drives a dead letter of this process; the outcome, for another process that asked. */
  async redriveLocal(id: string): Promise<RedriveResult> {
    try {
      const deadLetter = await this.redriveHere(id);
      return deadLetter ? { outcome: 'redriven', deadLetter } : { outcome: 'not-found' };
    } catch (error) {
      if (error instanceof ConflictError) return { outcome: 'refused', code: error.code, detail: error.message };
      throw error;
    }
  }

  /** Asks this process's inboxes, then each other process; only the one holding the dead letter runs anything. */
  async redrive(id: string): Promise<DeadLetter> {
    const here = await this.redriveHere(id);
    if (here) return here;
    const unanswered: string[] = [];
    for (const { modules, source } of this.remotes.values()) {
      let result: RedriveResult;
      try {
        result = await source.redrive(id);
      } catch {
        // Down, or refusing this process (another release, another SERVICE_TOKEN): it may still be the one holding it.
        unanswered.push(...modules);
        continue;
      }
      if (result.outcome === 'redriven') return result.deadLetter;
      if (result.outcome === 'refused') throw new RemoteRedriveRefusedError(result.detail, result.code);
    }
    // Not found where we could look: it may be where we could not — and a re-drive sent there may even have run.
    if (unanswered.length > 0) {
      throw new ServiceUnavailableError(
        `Dead letter ${id} is not in any module that answered; ${unanswered.join(', ')} did not answer (in time, or at all). ` +
          'If it is there, the re-drive may still have run: look for it with ?includeRedriven=true before trying again.',
      );
    }
    throw new DeadLetterNotFoundError(`No dead letter ${id}.`);
  }

  /** The dead letter re-driven by the inbox of this process holding it; undefined when none does. */
  private async redriveHere(id: string): Promise<DeadLetter | undefined> {
    for (const inbox of this.inboxes.values()) {
      try {
        return await inbox.redrive(id);
      } catch (error) {
        if (!(error instanceof DeadLetterNotFoundError)) throw error;
      }
    }
    return undefined;
  }
}
