import { RouteMethods } from './route-methods.js';

describe('RouteMethods', () => {
  const routes = new RouteMethods();
  routes.add(['GET', 'HEAD'], '/api/orders');
  routes.add('POST', '/api/orders');
  routes.add(['GET', 'HEAD'], '/api/orders/:id');
  routes.add('POST', '/api/orders/:id/cancel');
  routes.add('GET', '/docs/*');
  routes.add('GET', '/docs-json');

  it('names every method a path allows, across the routes that match it', () => {
    expect(routes.allowedFor('/api/orders')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowedFor('/api/orders/0190b1e2-7c4a-7def-8abc-0123456789ab')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedFor('/api/orders/anything/cancel')).toEqual(['POST']);
    expect(routes.allowedFor('/docs/static/index.css')).toEqual(['GET']);
  });

  it('matches a parameter within one segment only, and route text literally', () => {
    expect(routes.allowedFor('/api/orders/a/b')).toEqual([]);
    expect(routes.allowedFor('/api/orders/')).toEqual([]);
    expect(routes.allowedFor('/docsXjson')).toEqual([]);
    expect(routes.allowedFor('/api/nothing')).toEqual([]);
  });
});
