import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { ServiceTokenService } from '../auth/service-token.service.js';
import { Metrics } from '../observability/metrics.js';
import {
  type RemoteCall,
  RemoteCallRejectedError,
  RemoteModuleClient,
  RemoteModuleUnavailableError,
} from './remote-module.client.js';

/** A real HTTP server standing in for the remote module: each test says how it answers. */
let answer: (request: IncomingMessage, response: ServerResponse) => void;
let received: { method: string; url: string; authorization?: string }[];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization });
    request.resume();
    request.on('end', () => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
});

const json = (status: number, body: unknown) => (_request: IncomingMessage, response: ServerResponse) => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const tokens = new ServiceTokenService('a-service-token-long-enough-for-the-test-0123456789');

function client(overrides: { timeoutMs?: number; retries?: number; threshold?: number; basePath?: string } = {}) {
  const metrics = new Metrics();
  const remote = new RemoteModuleClient(
    'catalog',
    `${baseUrl}${overrides.basePath ?? ''}`,
    {
      timeoutMs: overrides.timeoutMs ?? 1_000,
      retries: overrides.retries ?? 2,
      breakerFailureThreshold: overrides.threshold ?? 5,
      breakerResetMs: 60_000,
      caller: 'orders',
    },
    tokens,
    metrics,
    pino({ level: 'silent' }),
  );
  const metric = async (name: string, labels: string) => {
    const line = (await metrics.registry.metrics()).split('\n').find((text) => text.startsWith(`${name}{${labels}}`));
    return line === undefined ? 0 : Number(line.split(' ').pop());
  };
  return { remote, metric };
}

const lookup: RemoteCall = {
  operation: 'findProducts',
  method: 'POST',
  path: '/internal/catalog/products/lookup',
  body: { ids: [] },
  idempotent: true,
};
const change: RemoteCall = {
  operation: 'changeSomething',
  method: 'POST',
  path: '/internal/catalog/something',
  body: {},
  idempotent: false,
};

describe('RemoteModuleClient', () => {
  it('sends a service token and returns the parsed answer', async () => {
    answer = json(200, { items: [1, 2] });
    const { remote, metric } = client();
    await expect(remote.call(lookup)).resolves.toEqual({ items: [1, 2] });
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/internal/catalog/products/lookup',
        authorization: expect.stringMatching(/^Service [\w-]+\.[\w-]+\.[\w-]+$/),
      },
    ]);
    // Signed for the call as the server received it: its method and target.
    expect(tokens.verify(received[0].authorization, { method: received[0].method, target: received[0].url })).toBe(
      'orders',
    );
    expect(
      await metric(
        'tessera_remote_call_duration_seconds_count',
        'module="catalog",operation="findProducts",outcome="ok"',
      ),
    ).toBe(1);
  });

  it('signs the target as the module sees it behind a gateway: without the path of its URL', async () => {
    answer = json(200, { items: [] });
    await client({ basePath: '/gateway/catalog' }).remote.call(lookup);
    expect(received[0].url).toBe('/gateway/catalog/internal/catalog/products/lookup');
    expect(
      tokens.verify(received[0].authorization, { method: 'POST', target: '/internal/catalog/products/lookup' }),
    ).toBe('orders');
  });

  it('signs the query string too, as fetch sends it', async () => {
    answer = json(200, { items: [] });
    await client().remote.call({
      operation: 'listDeadLetters',
      method: 'GET',
      path: '/internal/events/dead-letters?limit=5&includeRedriven=true',
      idempotent: true,
    });
    expect(received[0].url).toBe('/internal/events/dead-letters?limit=5&includeRedriven=true');
    expect(tokens.verify(received[0].authorization, { method: 'GET', target: received[0].url })).toBe('orders');
  });

  it('retries an idempotent call that failed, and never one that changes state', async () => {
    let calls = 0;
    answer = (request, response) =>
      ++calls < 3 ? json(503, {})(request, response) : json(200, { items: [] })(request, response);
    await expect(client().remote.call(lookup)).resolves.toEqual({ items: [] });
    expect(received).toHaveLength(3);

    received = [];
    answer = json(503, {});
    await expect(client().remote.call(change)).rejects.toBeInstanceOf(RemoteModuleUnavailableError);
    expect(received).toHaveLength(1);
  });

  it('passes a refusal on as a 502 error without retrying it or counting it against the breaker', async () => {
    answer = json(401, { code: 'auth.invalid-service-token' });
    const { remote, metric } = client({ threshold: 1 });
    const error = await remote.call(lookup).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RemoteCallRejectedError);
    expect((error as RemoteCallRejectedError).remoteStatus).toBe(401);
    expect(received).toHaveLength(1);
    expect(remote.breakerState).toBe('closed');
    expect(await metric('tessera_remote_call_errors_total', 'module="catalog",reason="unauthorized"')).toBe(1);
  });

  it('gives up on a remote that does not answer within the time-out, then refuses at once while the breaker is open', async () => {
    answer = () => undefined; // accepts the request and never answers, like a hung process
    const { remote, metric } = client({ timeoutMs: 200, retries: 2, threshold: 2 });
    const started = performance.now();
    await expect(remote.call(lookup)).rejects.toBeInstanceOf(RemoteModuleUnavailableError);
    // Two time-outs open the breaker, so the third attempt is never made.
    expect(received).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(remote.breakerState).toBe('open');
    expect(await metric('tessera_remote_call_errors_total', 'module="catalog",reason="timeout"')).toBe(2);

    const refused = await remote.call(lookup).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(RemoteModuleUnavailableError);
    expect((refused as RemoteModuleUnavailableError).retryAfterSeconds).toBeGreaterThan(50);
    expect(received).toHaveLength(2);
    expect(await metric('tessera_remote_call_errors_total', 'module="catalog",reason="breaker-open"')).toBe(1);
  });

  it('treats a connection that cannot be made as unavailable', async () => {
    const unreachable = new RemoteModuleClient(
      'catalog',
      'http://127.0.0.1:1',
      { timeoutMs: 1_000, retries: 0, breakerFailureThreshold: 5, breakerResetMs: 60_000, caller: 'orders' },
      new ServiceTokenService('a-service-token-long-enough-for-the-test-0123456789'),
      new Metrics(),
      pino({ level: 'silent' }),
    );
    await expect(unreachable.call(lookup)).rejects.toBeInstanceOf(RemoteModuleUnavailableError);
  });

  it('hands a 5xx through exchange for the proxy to pass on, counted as a failure', async () => {
    answer = json(500, { code: 'internal-error' });
    const { remote, metric } = client({ threshold: 1 });
    const { response, payload } = await remote.exchange('proxy', new Request(`${baseUrl}/api/catalog/products`), 1_000);
    expect(response.status).toBe(500);
    expect(JSON.parse(payload.toString())).toEqual({ code: 'internal-error' });
    expect(remote.breakerState).toBe('open');
    expect(await metric('tessera_remote_call_errors_total', 'module="catalog",reason="status"')).toBe(1);
  });

  it('turns a success answer that is not JSON into unavailable, not a crash', async () => {
    answer = (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    await expect(client({ retries: 0 }).remote.call(lookup)).rejects.toBeInstanceOf(RemoteModuleUnavailableError);
  });
});
