import { startTestApp, TEST_ADMIN, type TestApp } from '../../../test/support/test-app.js';
import { EnsureAdminHandler } from './application/ensure-admin.handler.js';
import { UsersFacade } from './public/index.js';
import { UsersModule } from './users.module.js';

/** The users module booted alone on a real database. */
describe('users module in isolation', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, { modules: [UsersModule.forRoot()] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('owns only its own database and routes', async () => {
    const health = await app.http.get('/health');
    expect(Object.keys(health.body.dependencies)).toEqual(['database:users']);
    expect((await app.http.get('/api/catalog/products')).status).toBe(404);
  });

  it('registers, signs in and answers through UsersFacade', async () => {
    const registered = await app.http.post('/api/users', {
      email: 'Grace@Example.com ',
      password: 'hopper-1906',
      name: ' Grace Hopper ',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', roles: ['customer'] });
    const login = await app.http.post('/api/auth/login', { email: 'GRACE@example.com', password: 'hopper-1906' });
    expect(login.status).toBe(200);
    const facade = app.running.app.get(UsersFacade);
    await expect(facade.findUser(registered.body.id)).resolves.toEqual(registered.body);
    await expect(facade.findUser('00000000-0000-7000-8000-000000000000')).resolves.toBeNull();
    await expect(facade.findUser('not-a-uuid')).resolves.toBeNull();
  });

  it('ensures the configured admin idempotently, promoting and re-keying an existing account', async () => {
    const ensure = app.running.app.get(EnsureAdminHandler);
    await ensure.execute(TEST_ADMIN.email, TEST_ADMIN.password);
    await ensure.execute(TEST_ADMIN.email, TEST_ADMIN.password);
    const admin = await app.http.post('/api/auth/login', TEST_ADMIN);
    const me = await app.http.get('/api/users/me', { token: admin.body.accessToken });
    expect(me.body.roles).toEqual(['customer', 'admin']);

    expect(
      (await app.http.post('/api/users', { email: 'promote@example.com', password: 'customer-1', name: 'P' })).status,
    ).toBe(201);
    await ensure.execute('promote@example.com', 'new-admin-password');
    expect(
      (await app.http.post('/api/auth/login', { email: 'promote@example.com', password: 'customer-1' })).status,
    ).toBe(401);
    const promoted = await app.http.post('/api/auth/login', {
      email: 'promote@example.com',
      password: 'new-admin-password',
    });
    expect((await app.http.get('/api/users/me', { token: promoted.body.accessToken })).body.roles).toEqual([
      'customer',
      'admin',
    ]);
  });
});
