import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in attempts per account and per address, kept in the database so that
 * every process hosting users (and every restart) counts against one budget,
 * and so that concurrent guesses are counted one by one.
 */
export class AddLoginAttempts1795300000000 implements MigrationInterface {
  name = 'AddLoginAttempts1795300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users.login_attempts (
        key            text PRIMARY KEY,
        attempts       integer NOT NULL,
        window_ends_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX login_attempts_window_ends_at ON users.login_attempts (window_ends_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users.login_attempts');
  }
}
