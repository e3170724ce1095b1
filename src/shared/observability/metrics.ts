import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric the process exposes at `/metrics`, on a registry of its own (so
 * several apps in one test process do not collide).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly collectors: (() => Promise<void>)[] = [];

  readonly httpRequestDuration = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: 'tessera_events_delivered_total',
    help: 'Outbox events handed to the transport, by publishing module and type.',
    labelNames: ['module', 'type'] as const,
    registers: [this.registry],
  });
  readonly deliveryFailures = new Counter({
    name: 'tessera_event_delivery_failures_total',
    help: 'Failed attempts to hand an outbox event to the transport (retried with backoff).',
    labelNames: ['module', 'type'] as const,
    registers: [this.registry],
  });
  readonly deliveryLag = new Histogram({
    name: 'tessera_event_delivery_lag_seconds',
    help: 'Time from the event being committed to it being handed to the transport.',
    labelNames: ['module'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly eventsHandled = new Counter({
    name: 'tessera_events_handled_total',
    help: 'Inbox outcomes per consuming module and handler: handled, duplicate, failed, parked.',
    labelNames: ['module', 'handler', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly remoteCallDuration = new Histogram({
    name: 'tessera_remote_call_duration_seconds',
    help: 'Calls to modules in other processes (facades and the public-route proxy), by outcome.',
    labelNames: ['module', 'operation', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly remoteCallErrors = new Counter({
    name: 'tessera_remote_call_errors_total',
    help: 'Failed calls to modules in other processes, by reason (timeout, network, status, breaker-open).',
    labelNames: ['module', 'reason'] as const,
    registers: [this.registry],
  });
  readonly breakerState = new Gauge({
    name: 'tessera_circuit_breaker_state',
    help: 'Circuit breaker per remote module: 0 closed, 1 half-open, 2 open.',
    labelNames: ['module'] as const,
    registers: [this.registry],
  });
  readonly brokerQueueMessages = new Gauge({
    name: 'tessera_broker_queue_messages',
    help: 'Messages waiting in the broker queues of the modules this process hosts (and their dead-letter queues).',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly brokerConnected = new Gauge({
    name: 'tessera_broker_connected',
    help: '1 while the process is connected to the message broker.',
    registers: [this.registry],
  });
  readonly outboxBacklog = new Gauge({
    name: 'tessera_outbox_backlog',
    help: 'Outbox events committed but not yet delivered, per module.',
    labelNames: ['module'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Gauge({
    name: 'tessera_dead_letters',
    help: 'Events parked as dead letters and not yet re-driven, per consuming module.',
    labelNames: ['module'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tessera_process_' });
  }

  /** Runs before each scrape, to refresh gauges that are cheaper to read than to track; a failing one leaves its gauges as they were. */
  registerCollector(collect: () => Promise<void>): void {
    this.collectors.push(collect);
  }

  async render(): Promise<string> {
    await Promise.all(this.collectors.map((collect) => collect().catch(() => undefined)));
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
