import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session (the family of refresh tokens one sign-in starts) gets a row of
 * its own, so that ending it is one fact a concurrent refresh must read under
 * lock: revoking token rows could not reach a token another transaction was
 * still inserting. The family also carries the session's absolute end.
 */
export class AddRefreshFamilies1796148000000 implements MigrationInterface {
  name = 'AddRefreshFamilies1796148000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users.refresh_families (
        id         uuid PRIMARY KEY,
        user_id    uuid NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX refresh_families_expires_at ON users.refresh_families (expires_at)');
    // A family is ended if any of its tokens was revoked (revocation always covered the whole family).
    await db.query(`
      INSERT INTO users.refresh_families (id, user_id, expires_at, revoked_at, created_at)
      SELECT family_id, (array_agg(user_id))[1], max(expires_at), max(revoked_at), min(created_at)
        FROM users.refresh_tokens GROUP BY family_id`);
    await db.query(`ALTER TABLE users.refresh_tokens
      ADD CONSTRAINT refresh_tokens_family FOREIGN KEY (family_id) REFERENCES users.refresh_families (id) ON DELETE CASCADE`);
    await db.query('ALTER TABLE users.refresh_tokens DROP COLUMN revoked_at');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users.refresh_tokens ADD COLUMN revoked_at timestamptz');
    await db.query(
      `UPDATE users.refresh_tokens t SET revoked_at = f.revoked_at FROM users.refresh_families f WHERE f.id = t.family_id`,
    );
    await db.query('ALTER TABLE users.refresh_tokens DROP CONSTRAINT refresh_tokens_family');
    await db.query('DROP TABLE users.refresh_families');
  }
}
