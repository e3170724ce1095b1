import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (package `chromium`): playwright's own browser download cannot reach the network here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Root in a container: no sandbox. No background traffic: this machine's network is closed.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did that a test should know of: errors it threw, dialogs it opened, what it asked the server. */
export interface Watched {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly pageErrors: string[];
  readonly dialogs: string[];
  readonly requests: string[];
}

export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Watched> {
  const context = await browser.newContext({ baseURL, viewport });
  const page = await context.newPage();
  const watched: Watched = { page, context, pageErrors: [], dialogs: [], requests: [] };
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => watched.requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
  return watched;
}
