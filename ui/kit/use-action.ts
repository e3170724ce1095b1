import { useState } from 'preact/hooks';

export interface Action<A extends unknown[]> {
  /** Runs the action unless it is running; its failure goes to `error`, for the page to show. */
  readonly run: (...args: A) => Promise<void>;
  readonly busy: boolean;
  readonly error: unknown;
}

/** What a button or a form does: busy while it runs (its control disabled), its error kept to be shown. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (...args: A) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}

/** A form's submit handler: no page load, the action instead. */
export function onSubmit(run: () => Promise<void>) {
  return (event: Event) => {
    event.preventDefault();
    void run();
  };
}
