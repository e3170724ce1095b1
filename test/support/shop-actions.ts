import { randomBytes } from 'node:crypto';
import { eventually } from './eventually.js';
import type { HttpClient } from './http-client.js';
import { TEST_ADMIN } from './test-app.js';

/** Common steps of the end-to-end scenarios, each asserting that it worked. */
export class ShopActions {
  constructor(private readonly http: HttpClient) {}

  async adminToken(): Promise<string> {
    return this.logIn(TEST_ADMIN.email, TEST_ADMIN.password);
  }

  async registerCustomer(
    name = 'Test Customer',
  ): Promise<{ id: string; email: string; password: string; token: string }> {
    const email = `customer-${randomBytes(5).toString('hex')}@example.com`;
    const password = 'customer-password-1';
    const registered = await this.http.post('/api/users', { email, password, name });
    expectStatus(registered, 201);
    return { id: registered.body.id, email, password, token: await this.logIn(email, password) };
  }

  async logIn(email: string, password: string): Promise<string> {
    const response = await this.http.post('/api/auth/login', { email, password });
    expectStatus(response, 200);
    return response.body.accessToken as string;
  }

  async createProduct(
    adminToken: string,
    fields: Partial<{ sku: string; name: string; priceCents: number; stock: number; description: string }> = {},
  ) {
    const response = await this.http.post(
      '/api/catalog/products',
      { sku: `SKU-${randomBytes(4).toString('hex')}`, name: 'A product', priceCents: 1000, stock: 10, ...fields },
      { token: adminToken },
    );
    expectStatus(response, 201);
    return response.body as {
      id: string;
      sku: string;
      name: string;
      description: string | null;
      priceCents: number;
      stock: number;
    };
  }
}

/** A valid address for orders that are to be dispatched. */
export const SHIPPING_ADDRESS = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
} as const;

export interface ShipmentBody {
  id: string;
  orderId: string;
  status: string;
  carrier: string | null;
  trackingNumber: string | null;
}

/** The shipment shipping made for a confirmed order, once it has handled the confirmation. */
export async function shipmentOf(
  http: HttpClient,
  adminToken: string,
  orderId: string,
  timeoutMs = 15_000,
): Promise<ShipmentBody> {
  const page = await eventually(
    () => http.get<{ items: ShipmentBody[] }>(`/api/admin/shipments?orderId=${orderId}`, { token: adminToken }),
    (response) => response.status === 200 && response.body.items.length === 1,
    timeoutMs,
  );
  return page.body.items[0];
}

export function expectStatus(response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
}
