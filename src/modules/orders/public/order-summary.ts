/** What other modules may know about an order. */
export interface OrderSummary {
  readonly id: string;
  readonly customerId: string;
  readonly status: 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'REJECTED' | 'CANCELLED';
  readonly totalCents: number;
  readonly lines: readonly { readonly productId: string; readonly quantity: number; readonly unitPriceCents: number }[];
}
