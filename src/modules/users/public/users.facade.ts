import type { UserSummary } from './user-summary.js';

/**
 * The users module as other modules see it. Bound in-process when `users` runs
 * in the same process, to an HTTP client when it runs elsewhere; callers cannot tell.
 */
export abstract class UsersFacade {
  /** `null` when no user has this id. */
  abstract findUser(id: string): Promise<UserSummary | null>;
}
