import type { MixedList, EntitySchema } from 'typeorm';

/** What a module tells the kernel about its data: its schema, its entities, its migrations. */
export interface ModuleDatabaseDefinition {
  /** The PostgreSQL schema the module owns; also the module's name. */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
}
