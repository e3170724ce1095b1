import autocannon from 'autocannon';
import { childInput, childResult } from './child.js';

interface Input {
  readonly url: string;
  readonly paths: string[];
  readonly connections: number;
  readonly durationSeconds: number;
}

/** Read load with autocannon, in its own process: requests per second and p99 latency. */
const input = childInput<Input>();
const result = await autocannon({
  url: input.url,
  connections: input.connections,
  duration: input.durationSeconds,
  requests: input.paths.map((path) => ({ method: 'GET', path })),
});
childResult({
  requestsPerSecond: result.requests.average,
  p99: result.latency.p99,
  p50: result.latency.p50,
  non2xx: result.non2xx,
  errors: result.errors,
});
