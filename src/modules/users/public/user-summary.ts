/** What other modules may know about a user. */
export interface UserSummary {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly ('customer' | 'admin')[];
}
