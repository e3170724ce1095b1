export interface RabbitMqOptions {
  readonly url: string;
  /** Prefix of exchange and queue names: `<ns>.events`, `<ns>.<module>`, `<ns>.<module>.dead-letters`. */
  readonly namespace: string;
  readonly prefetch: number;
  /** What events are published as (both are read): CloudEvents, or the earlier envelope during an upgrade. */
  readonly eventFormat?: 'cloudevents' | 'envelope';
  /**
   * What every module of the code base consumes (module → event types). Every
   * process declares all queues and bindings, so an event published before its
   * consumer's process first starts is already queued for it.
   */
  readonly consumers: Readonly<Record<string, readonly string[]>>;
}

/** The broker objects of one deployment (ADR 0004); also what tools clean up after a test deployment. */
export function brokerNames(namespace: string) {
  return {
    exchange: `${namespace}.events`,
    deadLetterExchange: `${namespace}.dead-letters`,
    queue: (module: string) => `${namespace}.${module}`,
    deadLetterQueue: (module: string) => `${namespace}.${module}.dead-letters`,
  };
}
