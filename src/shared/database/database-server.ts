/** The PostgreSQL server Tessera provisions its modules on: embedded, or external via DATABASE_URL. */
export interface DatabaseServer {
  readonly kind: 'embedded' | 'external';
  /** An owner connection, used only to provision roles and schemas; modules never use it. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export class ExternalDatabase implements DatabaseServer {
  readonly kind = 'external' as const;

  constructor(readonly adminUrl: string) {}

  async stop(): Promise<void> {
    // Not ours to stop.
  }
}
