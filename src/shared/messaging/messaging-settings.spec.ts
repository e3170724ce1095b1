import { type MessagingSettings, retryDelayMs } from './messaging-settings.js';

describe('retryDelayMs', () => {
  const settings = { retryBaseMs: 100, retryMaxMs: 1_000 } as MessagingSettings;

  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(settings, attempt))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });
});
