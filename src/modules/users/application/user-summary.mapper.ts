import type { User } from '../domain/user.js';
import type { UserSummary } from '../public/index.js';

export function toUserSummary(user: User): UserSummary {
  return { id: user.id, email: user.email, name: user.name, roles: [...user.roles] };
}
