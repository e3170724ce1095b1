import { jest } from '@jest/globals';
import { InvalidServiceTokenError, type ServiceCall, ServiceTokenService } from './service-token.service.js';

const SECRET = 'service-secret-0123456789abcdef0123456789';
const LOOKUP: ServiceCall = { method: 'POST', target: '/internal/catalog/products/lookup' };

describe('ServiceTokenService', () => {
  it('verifies a token it signed for a call and names the caller', () => {
    const service = new ServiceTokenService(SECRET);
    expect(service.verify(service.authorization('users+orders', LOOKUP), LOOKUP)).toBe('users+orders');
    expect(
      service.verify(service.authorization('orders', { method: 'get', target: '/internal/health' }), {
        method: 'GET',
        target: '/internal/health',
      }),
    ).toBe('orders');
  });

  it('never puts the secret itself on the wire', () => {
    expect(new ServiceTokenService(SECRET).authorization('catalog', LOOKUP)).not.toContain(SECRET);
  });

  it('is good for its own call only: another method, path or query is refused', () => {
    const service = new ServiceTokenService(SECRET);
    const listing = { method: 'GET', target: '/internal/events/dead-letters?limit=100&includeRedriven=false' };
    const header = service.authorization('main', listing);
    expect(service.verify(header, listing)).toBe('main');
    for (const other of [
      { method: 'POST', target: listing.target },
      { method: 'GET', target: '/internal/events/dead-letters?limit=500&includeRedriven=true' },
      {
        method: 'POST',
        target: `/internal/events/dead-letters/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/redrive`,
      },
      { method: 'GET', target: '/internal/health' },
    ]) {
      expect(() => service.verify(header, other)).toThrow(/signed for another call/);
    }
  });

  it('refuses tokens from another deployment, tampered tokens, expired tokens, old-format tokens and user tokens', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const service = new ServiceTokenService(SECRET);
      const other = new ServiceTokenService(`${SECRET}-other`);
      expect(() => service.verify(other.authorization('x', LOOKUP), LOOKUP)).toThrow(/signature/);
      const header = service.authorization('catalog', LOOKUP);
      const [head, payload, signature] = header.slice('Service '.length).split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const impersonated = Buffer.from(JSON.stringify({ ...claims, iss: 'orders' })).toString('base64url');
      expect(() => service.verify(`Service ${head}.${impersonated}.${signature}`, LOOKUP)).toThrow(/signature/);
      expect(() => service.verify('Service v2.catalog.1000060.c2lnbmF0dXJl', LOOKUP)).toThrow(/malformed/);
      expect(() => service.verify('Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', LOOKUP)).toThrow(/Service <token>/);
      expect(() => service.verify(undefined, LOOKUP)).toThrow(InvalidServiceTokenError);
      jest.setSystemTime(1_000_000 + 90_000); // 60 s lifetime + 30 s tolerated skew
      expect(service.verify(header, LOOKUP)).toBe('catalog');
      jest.setSystemTime(1_000_000 + 92_000);
      expect(() => service.verify(header, LOOKUP)).toThrow(/expired/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses everything, and cannot sign, without a configured secret', () => {
    const disabled = new ServiceTokenService(undefined);
    expect(disabled.enabled).toBe(false);
    expect(() => disabled.verify(new ServiceTokenService(SECRET).authorization('x', LOOKUP), LOOKUP)).toThrow(
      /not configured/,
    );
    expect(() => disabled.authorization('x', LOOKUP)).toThrow(/SERVICE_TOKEN/);
  });
});
