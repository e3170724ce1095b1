import { InvalidServiceTokenError, ServiceTokenService } from './service-token.service.js';

const SECRET = 'service-secret-0123456789abcdef0123456789';

describe('ServiceTokenService', () => {
  it('verifies a token it signed and names the caller', () => {
    const service = new ServiceTokenService(SECRET);
    expect(service.verify(service.authorization('users+orders'))).toBe('users+orders');
  });

  it('never puts the secret itself on the wire', () => {
    expect(new ServiceTokenService(SECRET).authorization('catalog')).not.toContain(SECRET);
  });

  it('refuses tokens from another deployment, tampered tokens, expired tokens and user tokens', () => {
    let now = 1_000_000;
    const service = new ServiceTokenService(SECRET, () => now);
    const other = new ServiceTokenService(`${SECRET}-other`, () => now);
    expect(() => service.verify(other.authorization('x'))).toThrow(InvalidServiceTokenError);
    const header = service.authorization('catalog');
    expect(() => service.verify(header.replace('catalog', 'orders'))).toThrow(/signature/);
    expect(() => service.verify('Bearer eyJhbGciOiJIUzI1NiJ9.e30.x')).toThrow(/Service <token>/);
    expect(() => service.verify(undefined)).toThrow(InvalidServiceTokenError);
    now += 89_000; // 60 s lifetime + 30 s tolerated skew
    expect(service.verify(header)).toBe('catalog');
    now += 2_000;
    expect(() => service.verify(header)).toThrow(/expired/);
  });

  it('refuses everything, and cannot sign, without a configured secret', () => {
    const disabled = new ServiceTokenService(undefined);
    expect(disabled.enabled).toBe(false);
    expect(() => disabled.verify(new ServiceTokenService(SECRET).authorization('x'))).toThrow(/not configured/);
    expect(() => disabled.authorization('x')).toThrow(/SERVICE_TOKEN/);
  });
});
