import type { Role } from './role.js';

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly roles: readonly Role[];
  /** When the token that proved it expires: what outlives a request (an event stream) ends then. */
  readonly expiresAt?: Date;
}

export function isAdmin(principal: Principal): boolean {
  return principal.roles.includes('admin');
}
