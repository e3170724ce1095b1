/**
 * Which methods each registered route pattern answers, so that a request for
 * an existing resource with another method gets 405 and an `Allow` header
 * (RFC 9110 §15.5.6) instead of the router's 404.
 */
export class RouteMethods {
  private readonly routes = new Map<string, { readonly pattern: RegExp; readonly methods: Set<string> }>();

  add(methods: string | readonly string[], url: string): void {
    let route = this.routes.get(url);
    if (!route) {
      route = { pattern: toPattern(url), methods: new Set() };
      this.routes.set(url, route);
    }
    for (const method of typeof methods === 'string' ? [methods] : methods) route.methods.add(method.toUpperCase());
  }

  /** The methods some route allows on this path (no query string), sorted; none when no route matches it. */
  allowedFor(path: string): string[] {
    const allowed = new Set<string>();
    for (const { pattern, methods } of this.routes.values()) {
      if (pattern.test(path)) for (const method of methods) allowed.add(method);
    }
    return [...allowed].sort();
  }
}

/** `/api/orders/:id/cancel` → a RegExp matching a path of that shape; `*` matches the rest of the path. */
function toPattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}
