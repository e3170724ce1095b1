// A client written the way an adopting team would write one: every path, body and response typed
// from docs/openapi.json through openapi-fetch, so a contract change that breaks them fails typecheck.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../ui/api/tessera-api.js';

export type Product = components['schemas']['ProductResponse'];
export type Order = components['schemas']['OrderResponse'];
export type Problem = components['schemas']['ProblemDetails'];

export class ShopClient {
  private readonly client;
  private accessToken: string | undefined;

  constructor(baseUrl: string) {
    this.client = createClient<paths>({ baseUrl });
    const bearer: Middleware = {
      onRequest: ({ request }) => {
        if (this.accessToken) request.headers.set('Authorization', `Bearer ${this.accessToken}`);
        return request;
      },
    };
    this.client.use(bearer);
  }

  async signUp(email: string, password: string, name: string): Promise<string> {
    const { data, error } = await this.client.POST('/api/users', { body: { email, password, name } });
    return expectData(data, error).id;
  }

  async signIn(email: string, password: string): Promise<void> {
    const { data, error } = await this.client.POST('/api/auth/login', { body: { email, password } });
    this.accessToken = expectData(data, error).accessToken;
  }

  async products(q?: string): Promise<Product[]> {
    const { data, error } = await this.client.GET('/api/catalog/products', { params: { query: { q, limit: 50 } } });
    return expectData(data, error).items;
  }

  async createProduct(body: components['schemas']['CreateProductRequest']): Promise<Product> {
    const { data, error } = await this.client.POST('/api/catalog/products', { body });
    return expectData(data, error);
  }

  async placeOrder(lines: components['schemas']['OrderLineRequest'][], idempotencyKey: string): Promise<Order> {
    const { data, error } = await this.client.POST('/api/orders', {
      body: { lines },
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    });
    return expectData(data, error);
  }

  async order(id: string): Promise<Order> {
    const { data, error } = await this.client.GET('/api/orders/{id}', { params: { path: { id } } });
    return expectData(data, error);
  }

  /** The problem+json body of a request that must be refused, typed as the contract declares it. */
  async refusedOrder(id: string): Promise<Problem> {
    const { data, error } = await this.client.GET('/api/orders/{id}', { params: { path: { id } } });
    if (data !== undefined) throw new Error(`expected a refusal, got ${JSON.stringify(data)}`);
    return error;
  }
}

function expectData<T>(data: T | undefined, error: unknown): T {
  if (data === undefined) throw new Error(`refused: ${JSON.stringify(error)}`);
  return data;
}
