import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';

/** A page that fails to render says so, with a way out, instead of going blank. */
export function CrashNotice({ children }: { children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary() as [unknown, () => void];
  if (!error) return <>{children}</>;
  return (
    <section class="problem" role="alert">
      <h1>This page failed to show</h1>
      <p>{error instanceof Error ? error.message : 'Something went wrong.'}</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>{' '}
        <a href="/">Back to the shop</a>
      </p>
    </section>
  );
}
