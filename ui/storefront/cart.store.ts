import { computed, effect, signal } from '@preact/signals';

export interface CartLine {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
  readonly quantity: number;
}

const KEY = 'tessera.cart';

/** The cart: kept in this browser (localStorage) until the order is placed; prices are the catalog's when added. */
export const cartLines = signal<CartLine[]>(read());
export const cartCount = computed(() => cartLines.value.reduce((sum, line) => sum + line.quantity, 0));
export const cartTotalCents = computed(() =>
  cartLines.value.reduce((sum, line) => sum + line.quantity * line.priceCents, 0),
);

effect(() => localStorage.setItem(KEY, JSON.stringify(cartLines.value)));
// Another tab changed the cart.
addEventListener('storage', (event) => {
  if (event.key === KEY) cartLines.value = read();
});

export function addToCart(product: { id: string; name: string; priceCents: number }, quantity = 1): void {
  const existing = cartLines.value.find((line) => line.productId === product.id);
  cartLines.value = existing
    ? cartLines.value.map((line) => (line === existing ? { ...line, quantity: line.quantity + quantity } : line))
    : [...cartLines.value, { productId: product.id, name: product.name, priceCents: product.priceCents, quantity }];
}

export function setQuantity(productId: string, quantity: number): void {
  cartLines.value = cartLines.value
    .map((line) => (line.productId === productId ? { ...line, quantity } : line))
    .filter((line) => line.quantity > 0);
}

export function emptyCart(): void {
  cartLines.value = [];
}

function read(): CartLine[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(stored) ? (stored as CartLine[]).filter((line) => line.quantity > 0) : [];
  } catch {
    return [];
  }
}
