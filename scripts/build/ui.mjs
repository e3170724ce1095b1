// Builds the storefront and the operations console from ui/ into dist/ui (served by src/web/web-pages.ts): one
// script and one stylesheet per page, named by their content, and an HTML shell per page that loads them. Bundled
// here, at build time, so the package holds everything a browser needs and nothing comes from elsewhere at run time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { build } from 'esbuild';

const OUT = 'dist/ui';
const PAGES = [
  { name: 'storefront', entry: 'ui/storefront/main.tsx', html: 'index.html', title: 'Tessera shop' },
  { name: 'console', entry: 'ui/console/main.tsx', html: 'console.html', title: 'Tessera console' },
];

const { metafile } = await build({
  entryPoints: Object.fromEntries(PAGES.map((page) => [page.name, page.entry])),
  outdir: `${OUT}/assets`,
  entryNames: '[name]-[hash]',
  chunkNames: 'shared-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  // Browsers of the last two years or so: no transpiling of what they all run.
  target: ['chrome120', 'firefox121', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

mkdirSync(OUT, { recursive: true });
for (const page of PAGES) {
  const [script, output] = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint === page.entry);
  const asset = (file) => `/assets/${basename(file)}`;
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${page.title}</title>`,
    // No favicon request: the pages need none.
    '<link rel="icon" href="data:,">',
    ...(output.cssBundle ? [`<link rel="stylesheet" href="${asset(output.cssBundle)}">`] : []),
    `<script type="module" src="${asset(script)}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<noscript>This page needs JavaScript; the API itself is at /api and documented at /docs.</noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  writeFileSync(`${OUT}/${page.html}`, html);
}
