import { childInput, childResult } from './child.js';
import { request } from './http-client.js';

interface Input {
  readonly baseUrl: string;
  readonly tokens: string[];
  readonly productIds: string[];
  readonly durationMs: number;
  /** Closed loop: this many customers, each placing the next order as soon as the last was accepted. */
  readonly concurrency?: number;
  /** Open loop: orders per second, whatever the response times. */
  readonly rate?: number;
  /** Closed loop only: stop after this many orders have been sent, even before the duration is up. */
  readonly orders?: number;
}

/** Places orders over HTTP against a running Tessera; reports POST latencies and the accepted order ids. */
const input = childInput<Input>();
const base = new URL(input.baseUrl);
const latencies: number[] = [];
const ids: string[] = [];
let failures = 0;

async function placeOne(index: number): Promise<void> {
  const token = input.tokens[index % input.tokens.length];
  const productId = input.productIds[Math.floor(Math.random() * input.productIds.length)];
  const started = performance.now();
  const response = await request(base, {
    method: 'POST',
    path: '/api/orders',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ lines: [{ productId, quantity: 1 }] }),
  });
  const elapsed = performance.now() - started;
  if (response.status === 202) {
    latencies.push(elapsed);
    ids.push((JSON.parse(response.body) as { id: string }).id);
  } else {
    failures += 1;
  }
}

const started = performance.now();
const deadline = Date.now() + input.durationMs;
if (input.rate) {
  const interval = 1000 / input.rate;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  while (Date.now() < deadline) {
    const due = started + sent * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const promise = placeOne(sent).finally(() => inFlight.delete(promise));
    inFlight.add(promise);
    sent += 1;
  }
  await Promise.all(inFlight);
} else {
  let sent = 0;
  const more = () => Date.now() < deadline && (input.orders === undefined || sent < input.orders);
  await Promise.all(
    Array.from({ length: input.concurrency ?? 16 }, async () => {
      while (more()) await placeOne(sent++);
    }),
  );
}
childResult({ seconds: (performance.now() - started) / 1000, latencies, ids, failures });
