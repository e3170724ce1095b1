import { signal } from '@preact/signals';

/** The latest thing worth telling that is not an error ("added to your cart"), read out politely. */
const notice = signal('');
let clearing: ReturnType<typeof setTimeout> | undefined;

export function announce(text: string): void {
  notice.value = text;
  clearTimeout(clearing);
  clearing = setTimeout(() => (notice.value = ''), 4_000);
}

export function Notice() {
  return (
    <p class="notice" role="status" aria-live="polite">
      {notice.value}
    </p>
  );
}
