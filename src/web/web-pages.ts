import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { PAGE_SECURITY_HEADERS } from './page-security.headers.js';
import { STOREFRONT_ROUTES, CONSOLE_ROUTES } from './page-routes.js';

/** Where `npm run build` writes the pages (scripts/build/ui.mjs), from the repository or the image's /app. */
export const BUILT_PAGES_DIR = 'dist/ui';

/**
 * Serves the storefront and the operations console, both built from ui/ by `npm run build`: each page is a small
 * HTML shell, answered at every route of its own router so that a reload or a link lands on the right view, and its
 * scripts and styles under /assets/, named by their content and cached for good. Without a build the pages are not
 * served, and the API runs as before.
 */
export function serveWebPages(fastify: FastifyInstance, root: string, logger: Logger): boolean {
  const directory = join(root, BUILT_PAGES_DIR);
  if (!existsSync(join(directory, 'index.html'))) {
    logger.warn({ directory }, 'the web pages are not built (npm run build); serving the API only');
    return false;
  }
  void fastify.register(fastifyStatic, {
    root: join(directory, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
    index: false,
    serveDotFiles: false,
  });
  const page = (file: string) => {
    const html = readFileSync(join(directory, file));
    return (_request: unknown, reply: FastifyReply) =>
      reply
        .headers({ ...PAGE_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' })
        .send(html);
  };
  const storefront = page('index.html');
  const console = page('console.html');
  for (const url of STOREFRONT_ROUTES) fastify.get(url, storefront);
  for (const url of CONSOLE_ROUTES) fastify.get(url, console);
  return true;
}
