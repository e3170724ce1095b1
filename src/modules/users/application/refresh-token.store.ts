export interface IssuedRefreshToken {
  readonly refreshToken: string;
  /** Seconds until it expires, unless it is spent or revoked first. */
  readonly refreshExpiresIn: number;
}

/** What spending a refresh token came to. */
export type RefreshOutcome =
  | { readonly outcome: 'rotated'; readonly userId: string; readonly next: IssuedRefreshToken }
  /** Unknown, malformed, expired, or its session ended: nothing changed. */
  | { readonly outcome: 'invalid' }
  /** Spent before: someone holds a copy. Its whole family has just been revoked. */
  | { readonly outcome: 'reused' };

/**
 * Port: long-lived sessions behind the short-lived access tokens. A refresh
 * token is good once: spending it returns the next one (rotation), and
 * spending one a second time ends its whole session, since then two parties
 * hold it (OAuth 2.0 Security BCP, refresh token rotation).
 */
export abstract class RefreshTokens {
  /** Starts a session for the user. */
  abstract issue(userId: string): Promise<IssuedRefreshToken>;

  /** Spends a token, returning its successor. */
  abstract rotate(token: string): Promise<RefreshOutcome>;

  /** Ends the session the token belongs to, if it is one of ours; anything else is ignored. */
  abstract revoke(token: string): Promise<void>;
}
