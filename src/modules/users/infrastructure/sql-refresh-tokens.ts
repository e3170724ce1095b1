import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { Transactions } from '../../../shared/database/transactions.js';
import { isUuid, uuidV7 } from '../../../shared/kernel/uuid-v7.js';
import { type IssuedRefreshToken, type RefreshOutcome, RefreshTokens } from '../application/refresh-tokens.js';

/** Expired rows are deleted at most this often, by whichever sign-in comes along. */
const PRUNE_EVERY_MS = 60_000;
/** `rt1.<token id>.<secret>`: the id finds the row, the secret (256 random bits) proves possession. */
const FORMAT = /^rt1\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

interface TokenRow {
  id: string;
  family_id: string;
  user_id: string;
  secret_hash: string;
  expired: boolean;
  used_at: Date | null;
  revoked_at: Date | null;
}

/** Refresh tokens in `users.refresh_tokens`, only a SHA-256 of each secret stored. */
@Injectable()
export class SqlRefreshTokens extends RefreshTokens {
  private readonly ttlSeconds: number;
  private lastPrune = 0;

  constructor(
    private readonly db: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.ttlSeconds = config.auth.refreshTtlSeconds;
  }

  issue(userId: string): Promise<IssuedRefreshToken> {
    this.pruneNowAndThen();
    return this.add(userId, uuidV7());
  }

  async rotate(token: string): Promise<RefreshOutcome> {
    const presented = parse(token);
    if (!presented) return { outcome: 'invalid' };
    return this.db.run(async () => {
      // The row lock makes two concurrent refreshes with one token take turns: the second finds it spent.
      const [row] = await this.db.query<TokenRow>(
        `SELECT id, family_id, user_id, secret_hash, expires_at <= now() AS expired, used_at, revoked_at
           FROM users.refresh_tokens WHERE id = $1 FOR UPDATE`,
        [presented.id],
      );
      if (!row || !matches(row.secret_hash, presented.secret) || row.revoked_at !== null || row.expired) return { outcome: 'invalid' } as const;
      if (row.used_at !== null) {
        await this.revokeFamily(row.family_id);
        return { outcome: 'reused' } as const;
      }
      await this.db.query('UPDATE users.refresh_tokens SET used_at = now() WHERE id = $1', [row.id]);
      return { outcome: 'rotated', userId: row.user_id, next: await this.add(row.user_id, row.family_id) } as const;
    });
  }

  async revoke(token: string): Promise<void> {
    const presented = parse(token);
    if (!presented) return;
    const [row] = await this.db.query<TokenRow>('SELECT family_id, secret_hash FROM users.refresh_tokens WHERE id = $1', [presented.id]);
    if (row && matches(row.secret_hash, presented.secret)) await this.revokeFamily(row.family_id);
  }

  private async add(userId: string, familyId: string): Promise<IssuedRefreshToken> {
    const id = uuidV7();
    const secret = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO users.refresh_tokens (id, family_id, user_id, secret_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [id, familyId, userId, hash(secret), this.ttlSeconds],
    );
    return { refreshToken: `rt1.${id}.${secret}`, refreshExpiresIn: this.ttlSeconds };
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db.query('UPDATE users.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
  }

  private pruneNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    // Best effort: a failed prune only leaves expired rows for the next one. Spent and revoked rows are kept until
    // they expire, so that a stolen copy presented later is still recognised as reuse.
    this.db.query('DELETE FROM users.refresh_tokens WHERE expires_at < now()').catch(() => undefined);
  }
}

function parse(token: string): { id: string; secret: string } | undefined {
  const match = FORMAT.exec(token);
  return match && isUuid(match[1]!) ? { id: match[1]!.toLowerCase(), secret: match[2]! } : undefined;
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function matches(storedHash: string, secret: string): boolean {
  const [stored, given] = [Buffer.from(storedHash, 'hex'), Buffer.from(hash(secret), 'hex')];
  return stored.length === given.length && timingSafeEqual(stored, given);
}
