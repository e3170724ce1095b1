import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh tokens, one row per token issued. A sign-in starts a family; each
 * refresh spends its token and adds the next one to the family. Only a hash of
 * each token's secret is kept.
 */
export class AddRefreshTokens1796126400000 implements MigrationInterface {
  name = 'AddRefreshTokens1796126400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users.refresh_tokens (
        id          uuid PRIMARY KEY,
        family_id   uuid NOT NULL,
        user_id     uuid NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
        secret_hash text NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        revoked_at  timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX refresh_tokens_family ON users.refresh_tokens (family_id)');
    await db.query('CREATE INDEX refresh_tokens_expires_at ON users.refresh_tokens (expires_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users.refresh_tokens');
  }
}
