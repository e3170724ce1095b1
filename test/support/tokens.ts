import { randomUUID } from 'node:crypto';
import { AccessTokenService } from '../../src/shared/auth/access-token.service.js';
import type { Role } from '../../src/shared/auth/role.js';
import { TEST_JWT_SECRET } from './test-app.js';

/** Signs tokens the way `users` does, for tests that run a module without `users`. */
export function tokenFor(roles: Role[], userId: string = randomUUID(), now: () => number = Date.now): string {
  return new AccessTokenService(TEST_JWT_SECRET, 900, now).issue({ userId, email: `${userId}@example.com`, roles })
    .accessToken;
}
