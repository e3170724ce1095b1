/**
 * Runs `work` from `concurrency` clients at once, each starting again as soon as it finished, until
 * `durationMs` is up; how many completed, and over how many seconds.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  work: () => Promise<void>,
): Promise<{ completed: number; seconds: number }> {
  const deadline = Date.now() + durationMs;
  let completed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        await work();
        completed += 1;
      }
    }),
  );
  return { completed, seconds: (performance.now() - started) / 1000 };
}
