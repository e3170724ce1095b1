import { moduleConnectionUrl, moduleRole } from './module-role.js';

const ADMIN = 'postgres://owner:s3cret@db.internal:5433/tessera?sslmode=require';

describe('moduleRole', () => {
  it('names the role after the schema', () => {
    expect(moduleRole('catalog', ADMIN).name).toBe('tessera_catalog');
    expect(moduleRole('orders', ADMIN).name).toBe('tessera_orders');
  });

  it('derives the same password from the same admin credentials', () => {
    expect(moduleRole('catalog', ADMIN).password).toBe(moduleRole('catalog', ADMIN).password);
  });

  it('ignores the database name and query, which do not change who can set the password', () => {
    expect(moduleRole('catalog', 'postgres://owner:s3cret@db.internal:5433/other').password).toBe(
      moduleRole('catalog', ADMIN).password,
    );
  });

  it('gives each schema its own password', () => {
    const passwords = ['users', 'catalog', 'orders'].map((schema) => moduleRole(schema, ADMIN).password);
    expect(new Set(passwords).size).toBe(3);
  });

  it.each([
    ['another admin password', 'postgres://owner:other@db.internal:5433/tessera'],
    ['another admin user', 'postgres://admin:s3cret@db.internal:5433/tessera'],
  ])('changes the password with %s', (_label, url) => {
    expect(moduleRole('catalog', url).password).not.toBe(moduleRole('catalog', ADMIN).password);
  });

  it.each([
    ['its IP address', 'postgres://owner:s3cret@10.0.0.5:5433/tessera'],
    ['a pooler in front of it', 'postgres://owner:s3cret@pgbouncer:6432/tessera'],
    ['the default port left out', 'postgres://owner:s3cret@db.internal/tessera'],
  ])('keeps the password when the same server is reached through %s', (_label, url) => {
    expect(moduleRole('catalog', url).password).toBe(moduleRole('catalog', ADMIN).password);
  });

  it('decodes percent-encoded credentials before deriving', () => {
    expect(moduleRole('users', 'postgres://owner:p%40ss@h/db').password).not.toBe(
      moduleRole('users', 'postgres://owner:p%2540ss@h/db').password,
    );
  });

  it('produces a URL-safe password that does not contain the admin password', () => {
    const { password } = moduleRole('catalog', ADMIN);
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(password).not.toContain('s3cret');
  });
});

describe('moduleConnectionUrl', () => {
  it('keeps host, port, database and query but uses the module role', () => {
    const url = new URL(moduleConnectionUrl('catalog', ADMIN));
    const role = moduleRole('catalog', ADMIN);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('db.internal');
    expect(url.port).toBe('5433');
    expect(url.pathname).toBe('/tessera');
    expect(url.search).toBe('?sslmode=require');
    expect(url.username).toBe('tessera_catalog');
    expect(decodeURIComponent(url.password)).toBe(role.password);
  });

  it('no longer carries the admin credentials', () => {
    const url = moduleConnectionUrl('orders', ADMIN);
    expect(url).not.toContain('owner');
    expect(url).not.toContain('s3cret');
  });

  it('works for a URL without a port', () => {
    const url = new URL(moduleConnectionUrl('users', 'postgresql://owner:pw@localhost/shop'));
    expect(url.hostname).toBe('localhost');
    expect(url.port).toBe('');
    expect(url.pathname).toBe('/shop');
    expect(url.username).toBe('tessera_users');
  });
});
