import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_COOKIE } from '../../auth/session-cookies.js';
import { asOpenApi31 } from './openapi-3-1.js';
import { documentProblems } from './openapi-problems.js';

export interface RemoteApi {
  readonly module: string;
  readonly url: string;
  readonly publicPrefixes: readonly string[];
}

const REMOTE_CACHE_MS = 30_000;
const REMOTE_TIMEOUT_MS = 1_500;

/**
 * Serves the OpenAPI page at `/docs` and the OpenAPI 3.1 document at
 * `/docs-json`, generated from the controllers (also in docs/openapi.json). A process that proxies modules hosted
 * elsewhere adds their public paths from their own documents, so clients see
 * one API whatever the topology.
 */
export function setUpOpenApi(app: INestApplication, version: string, remotes: readonly RemoteApi[] = []): void {
  const config = new DocumentBuilder()
    .setTitle('Tessera API')
    .setDescription(
      'A commerce backend (users, catalog, orders). Errors are application/problem+json (RFC 9457). ' +
        'Sign in with POST /api/auth/login and send the token as "Authorization: Bearer <token>"; ' +
        "Tessera's own pages sign in with POST /api/auth/browser/login, which keeps the token in an HttpOnly cookie.",
    )
    .setVersion(version)
    .setOpenAPIVersion('3.1.0')
    .setLicense('MIT', 'https://spdx.org/licenses/MIT.html')
    .addServer('/', 'This deployment: every topology serves the whole API at one base URL.')
    .addBearerAuth()
    .addCookieAuth(
      ACCESS_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: ACCESS_COOKIE,
        description:
          'The browser session (POST /api/auth/browser/login); refused on a cross-site request that changes something.',
      },
      'session',
    )
    // Every operation needs an access token, as a bearer token or the session cookie, unless it says otherwise (`@Public()`).
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('session')
    .build();
  const document = documentProblems(asOpenApi31(SwaggerModule.createDocument(app, config)));
  const cache = new Map<string, { at: number; document: OpenAPIObject | undefined }>();
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    patchDocumentOnRequest:
      remotes.length === 0
        ? undefined
        : async <TRequest>(request: TRequest, _response: unknown, local: OpenAPIObject) =>
            // `?scope=local` is what other processes ask for: never merge back, or two processes would ask each other forever.
            (request as { query?: Record<string, unknown> }).query?.scope === 'local'
              ? local
              : merge(local, await Promise.all(remotes.map((remote) => fetchRemote(remote, cache)))),
  });
}

async function fetchRemote(
  remote: RemoteApi,
  cache: Map<string, { at: number; document: OpenAPIObject | undefined }>,
): Promise<{ remote: RemoteApi; document: OpenAPIObject | undefined }> {
  const cached = cache.get(remote.module);
  if (cached && Date.now() - cached.at < REMOTE_CACHE_MS) return { remote, document: cached.document };
  let document: OpenAPIObject | undefined;
  try {
    const response = await fetch(`${remote.url}/docs-json?scope=local`, {
      signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS),
    });
    if (response.ok) document = (await response.json()) as OpenAPIObject;
  } catch {
    document = undefined; // the module is away: serve what this process knows, try again next time
  }
  cache.set(remote.module, { at: document ? Date.now() : 0, document });
  return { remote, document };
}

function merge(
  local: OpenAPIObject,
  remotes: { remote: RemoteApi; document: OpenAPIObject | undefined }[],
): OpenAPIObject {
  const merged: OpenAPIObject = {
    ...local,
    paths: { ...local.paths },
    components: { ...local.components, schemas: { ...local.components?.schemas } },
  };
  for (const { remote, document } of remotes) {
    if (!document) continue;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (remote.publicPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)))
        merged.paths[path] = item;
    }
    Object.assign(merged.components!.schemas!, document.components?.schemas ?? {});
  }
  merged.paths = Object.fromEntries(Object.entries(merged.paths).sort(([a], [b]) => a.localeCompare(b)));
  return merged;
}
