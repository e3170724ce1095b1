import type { MessagingCounts } from '../messaging/messaging.counts.js';

/** How one module stands, as the process that hosts it sees it (or could not, when it did not answer). */
export interface ModuleStatus {
  readonly module: string;
  /** Hosted by the process answering, or by another process reached at `url`. */
  readonly runs: 'in-process' | 'remote';
  readonly url?: string;
  readonly health: 'up' | 'down';
  /** Why it is down, in a phrase. */
  readonly problem?: string;
  /** The release its process runs; unknown when it did not answer. */
  readonly version?: string;
  readonly messaging?: MessagingCounts;
}

/** The modules another process of the deployment hosts, as it reports them. */
export interface RemoteModuleStatusSource {
  listLocal(): Promise<ModuleStatus[]>;
}
