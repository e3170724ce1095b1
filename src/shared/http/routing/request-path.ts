/**
 * The path a request target names, without its query. An absolute-form target
 * (`GET http://host/api/orders`) is routed by its path, so it is read by its path too.
 */
export function requestPath(target: string): string {
  if (/^https?:\/\//i.test(target)) {
    try {
      return new URL(target).pathname;
    } catch {
      // Not a URL after all: taken as written.
    }
  }
  return target.split('?')[0];
}
