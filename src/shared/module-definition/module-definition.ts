/**
 * What a module is, declared once in `src/modules/<name>/<name>.module-definition.ts` as plain data
 * (types may be imported, values may not): the registry, the topology, the architecture gate, the
 * readiness report and extraction all read it, so nothing else names a module by hand.
 */
export interface ModuleDefinition {
  /** The module's folder name, one lower-case word; also its schema, `MODULES` entry and `<NAME>_URL`. */
  readonly name: string;
  /** The PostgreSQL schema it owns; no other module may touch it. */
  readonly schema: string;
  /** One sentence: what the module is responsible for. */
  readonly description: string;
  /** Modules whose public facade this one calls; the graph must stay acyclic. */
  readonly dependsOn: readonly string[];
  /** Path prefixes of its public HTTP API; the strangler proxy forwards them when it runs elsewhere. */
  readonly publicRoutes: readonly string[];
  /** Integration event types it publishes (`<module>.<event>.v<n>`), each a contract in its `public/events/`. */
  readonly publishes: readonly string[];
  /** Integration event types of other modules it consumes; every process declares their broker queues. */
  readonly consumes: readonly string[];
}
