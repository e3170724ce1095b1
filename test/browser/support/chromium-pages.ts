import type { Browser } from 'playwright-core';
import { launchChromium, openPage, type Watched } from './chromium.js';

/**
 * One Chromium for a test file and a fresh browser context (cookies, storage) for each page a test opens; after each
 * test its pages are closed, and a script error any of them threw fails the test.
 */
export function chromiumPages(): {
  open(baseUrl: string, viewport?: { width: number; height: number }): Promise<Watched>;
} {
  let browser: Browser | undefined;
  let opened: Watched[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    const errors = opened.flatMap((watched) => watched.pageErrors);
    await Promise.all(opened.map((watched) => watched.context.close()));
    opened = [];
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(baseUrl, viewport) {
      const watched = await openPage(browser!, baseUrl, viewport);
      opened.push(watched);
      return watched;
    },
  };
}
