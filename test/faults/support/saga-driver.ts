import { randomUUID } from 'node:crypto';
import { SHIPPING_ADDRESS } from '../../support/shop-actions.js';
import { SeededRandom } from './seeded-random.js';

interface Answer {
  readonly status: number;
  readonly body: any;
}

/** One request, given up after a few seconds: during a fault a request may hang or fail. */
async function send(baseUrl: string, method: string, path: string, token: string, body?: unknown, key?: string) {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    return { status: response.status, body: text && text.startsWith('{') ? JSON.parse(text) : text } as Answer;
  } catch {
    return { status: 0, body: null } as Answer; // no answer: the outcome is unknown
  }
}

/** A state-changing request whose outcome is unknown (no answer, or a 5xx): to be sent again with its key. */
interface Unsettled {
  readonly method: string;
  readonly path: string;
  readonly token: string;
  readonly body?: unknown;
  readonly key: string;
}

export interface DriverCounts {
  placed: number;
  cancels: number;
  dispatches: number;
  deliveries: number;
  failures: number;
  unanswered: number;
}

/**
 * Customers placing and cancelling orders and an admin dispatching, delivering
 * and failing shipments, at a steady rate, through the public base URL. Every
 * change carries an Idempotency-Key (a cancel needs none), so one whose answer
 * was lost is sent again, as a real client would, until it gets one.
 */
export class SagaDriver {
  readonly counts: DriverCounts = { placed: 0, cancels: 0, dispatches: 0, deliveries: 0, failures: 0, unanswered: 0 };
  /** Orders whose placement was answered 202 (at once, or when sent again with its key). */
  readonly accepted = new Set<string>();
  private readonly unsettled: Unsettled[] = [];
  private readonly random: SeededRandom;
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly baseUrl: string,
    private readonly customers: readonly { token: string }[],
    private readonly admin: string,
    private readonly productIds: readonly string[],
    seed: number,
  ) {
    this.random = new SeededRandom(seed ^ 0x5eed);
  }

  /** Starts `perSecond` actions a second until `stop`. */
  start(perSecond: number): void {
    this.running = true;
    const tick = () => {
      if (!this.running) return;
      const action = this.act().finally(() => this.inFlight.delete(action));
      this.inFlight.add(action);
      setTimeout(tick, 1000 / perSecond);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.inFlight);
  }

  /** Sends every change whose answer was lost again, until each has a definite one (2xx or 4xx). */
  async settle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.unsettled.length > 0) {
      if (Date.now() > deadline) throw new Error(`${this.unsettled.length} requests still unanswered`);
      const request = this.unsettled[0];
      const answer = await send(this.baseUrl, request.method, request.path, request.token, request.body, request.key);
      if (answer.status === 0 || answer.status >= 500) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      this.unsettled.shift();
      if (request.path === '/api/orders' && answer.status === 202) this.accepted.add(answer.body.id);
    }
  }

  private async act(): Promise<void> {
    const roll = this.random.next();
    if (roll < 0.5) return this.place();
    if (roll < 0.6) return this.cancel();
    if (roll < 0.8) return this.onShipment('PENDING', this.random.next() < 0.85 ? 'dispatch' : 'fail');
    return this.onShipment('DISPATCHED', this.random.next() < 0.85 ? 'deliver' : 'fail');
  }

  private async place(): Promise<void> {
    const customer = this.random.pick(this.customers);
    const lines = [{ productId: this.random.pick(this.productIds), quantity: this.random.between(1, 3) }];
    const body = { lines, ...(this.random.next() < 0.9 ? { shippingAddress: SHIPPING_ADDRESS } : {}) };
    const key = randomUUID();
    this.counts.placed += 1;
    const answer = await this.change({ method: 'POST', path: '/api/orders', token: customer.token, body, key });
    if (answer.status === 202) this.accepted.add(answer.body.id);
  }

  private async cancel(): Promise<void> {
    const ids = [...this.accepted];
    if (ids.length === 0) return;
    const id = this.random.pick(ids);
    this.counts.cancels += 1;
    // A cancel is safe to repeat as it is: a second one is a 409 that changes nothing.
    await this.change({ method: 'POST', path: `/api/orders/${id}/cancel`, token: this.admin, key: '' });
  }

  private async onShipment(status: string, action: 'dispatch' | 'deliver' | 'fail'): Promise<void> {
    const page = await send(this.baseUrl, 'GET', `/api/admin/shipments?status=${status}&limit=20`, this.admin);
    if (page.status !== 200 || page.body.items.length === 0) return;
    const shipment = this.random.pick(page.body.items as { id: string }[]);
    const body =
      action === 'dispatch'
        ? { carrier: 'DHL', trackingNumber: `T-${shipment.id.slice(-8)}` }
        : action === 'fail'
          ? { reason: 'Returned to sender.' }
          : undefined;
    this.counts[action === 'dispatch' ? 'dispatches' : action === 'deliver' ? 'deliveries' : 'failures'] += 1;
    await this.change({
      method: 'POST',
      path: `/api/admin/shipments/${shipment.id}/${action}`,
      token: this.admin,
      body,
      key: randomUUID(),
    });
  }

  private async change(request: Unsettled): Promise<Answer> {
    const answer = await send(
      this.baseUrl,
      request.method,
      request.path,
      request.token,
      request.body,
      request.key || undefined,
    );
    if (answer.status === 0 || answer.status >= 500) {
      this.counts.unanswered += 1;
      this.unsettled.push(request);
    }
    return answer;
  }
}
