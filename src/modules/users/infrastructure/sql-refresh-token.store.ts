import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { validate as isUuid, v7 as uuidV7 } from 'uuid';
import { type IssuedRefreshToken, type RefreshOutcome, RefreshTokens } from '../application/refresh-token.store.js';
import { OccasionalPrune } from './occasional-prune.js';

/** `rt1.<token id>.<secret>`: the id finds the row, the secret (256 random bits) proves possession. */
const FORMAT = /^rt1\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

interface TokenRow {
  family_id: string;
  user_id: string;
  secret_hash: string;
  expired: boolean;
  used: boolean;
}

/**
 * Refresh tokens in `users.refresh_tokens` (a SHA-256 of each secret, never
 * the secret), grouped in sessions in `users.refresh_families`. Whether a
 * session has ended is one row, read under lock by every refresh: a refresh
 * holds the family FOR SHARE while it issues the next token, and ending the
 * family (logout, or a token spent twice) takes it FOR UPDATE, so it waits for
 * such a refresh to commit and ends the token it issued too.
 */
@Injectable()
export class SqlRefreshTokens extends RefreshTokens {
  private readonly ttlSeconds: number;
  private readonly sessionMaxSeconds: number;
  // Spent tokens are kept until they expire, so that a stolen copy presented later is still recognised as reuse;
  // an expired session's tokens go with it.
  private readonly prune: OccasionalPrune;

  constructor(
    private readonly db: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.ttlSeconds = config.auth.refreshTtlSeconds;
    this.sessionMaxSeconds = config.auth.refreshSessionMaxSeconds;
    this.prune = new OccasionalPrune(db, [
      'DELETE FROM users.refresh_families WHERE expires_at < now()',
      'DELETE FROM users.refresh_tokens WHERE expires_at < now()',
    ]);
  }

  issue(userId: string): Promise<IssuedRefreshToken> {
    this.prune.nowAndThen();
    return this.db.run(async () => {
      const familyId = uuidV7();
      await this.db.query(
        'INSERT INTO users.refresh_families (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))',
        [familyId, userId, this.sessionMaxSeconds],
      );
      return this.add(userId, familyId);
    });
  }

  async rotate(token: string): Promise<RefreshOutcome> {
    const presented = parse(token);
    if (!presented) return { outcome: 'invalid' };
    return this.db.run(async () => {
      // The token row first: two refreshes with one token take turns here, and the second finds it spent.
      const [row] = await this.db.query<TokenRow>(
        'SELECT family_id, user_id, secret_hash, expires_at <= now() AS expired, used_at IS NOT NULL AS used FROM users.refresh_tokens WHERE id = $1 FOR UPDATE',
        [presented.id],
      );
      if (!row || !matches(row.secret_hash, presented.secret)) return { outcome: 'invalid' } as const;
      // Spent before: the family is ended, under an exclusive lock taken at once (never upgraded from a shared one,
      // which two such requests could deadlock on).
      const [family] = await this.db.query<{ ended: boolean }>(
        `SELECT revoked_at IS NOT NULL OR expires_at <= now() AS ended FROM users.refresh_families WHERE id = $1 ${row.used ? 'FOR UPDATE' : 'FOR SHARE'}`,
        [row.family_id],
      );
      if (!family || family.ended || row.expired) return { outcome: 'invalid' } as const;
      if (row.used) {
        await this.endFamily(row.family_id);
        return { outcome: 'reused' } as const;
      }
      await this.db.query('UPDATE users.refresh_tokens SET used_at = now() WHERE id = $1', [presented.id]);
      return { outcome: 'rotated', userId: row.user_id, next: await this.add(row.user_id, row.family_id) } as const;
    });
  }

  async revoke(token: string): Promise<void> {
    const presented = parse(token);
    if (!presented) return;
    const [row] = await this.db.query<TokenRow>(
      'SELECT family_id, secret_hash FROM users.refresh_tokens WHERE id = $1',
      [presented.id],
    );
    if (row && matches(row.secret_hash, presented.secret)) await this.endFamily(row.family_id);
  }

  /** A token of the family, lasting REFRESH_TTL_SECONDS but never past the end of its session. */
  private async add(userId: string, familyId: string): Promise<IssuedRefreshToken> {
    const id = uuidV7();
    const secret = randomBytes(32).toString('base64url');
    const [inserted] = await this.db.query<{ expires_in: number }>(
      `INSERT INTO users.refresh_tokens (id, family_id, user_id, secret_hash, expires_at)
       SELECT $1, f.id, $3, $4, least(now() + make_interval(secs => $5), f.expires_at) FROM users.refresh_families f WHERE f.id = $2
       RETURNING greatest(1, ceil(extract(epoch FROM expires_at - now())))::int AS expires_in`,
      [id, familyId, userId, hash(secret), this.ttlSeconds],
    );
    return { refreshToken: `rt1.${id}.${secret}`, refreshExpiresIn: inserted.expires_in };
  }

  /** Waits for a refresh of the family in flight (it holds the family FOR SHARE), so the token it issues ends too. */
  private async endFamily(familyId: string): Promise<void> {
    await this.db.query('UPDATE users.refresh_families SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
      familyId,
    ]);
  }
}

function parse(token: string): { id: string; secret: string } | undefined {
  const match = FORMAT.exec(token);
  return match && isUuid(match[1]) ? { id: match[1].toLowerCase(), secret: match[2] } : undefined;
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function matches(storedHash: string, secret: string): boolean {
  const [stored, given] = [Buffer.from(storedHash, 'hex'), Buffer.from(hash(secret), 'hex')];
  return stored.length === given.length && timingSafeEqual(stored, given);
}
