import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-up attempts per address, kept in the database like the sign-in
 * attempts, so every process hosting users (and every restart) counts against
 * one budget.
 */
export class AddRegistrationAttempts1796083200000 implements MigrationInterface {
  name = 'AddRegistrationAttempts1796083200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users.registration_attempts (
        key            text PRIMARY KEY,
        attempts       integer NOT NULL,
        window_ends_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX registration_attempts_window_ends_at ON users.registration_attempts (window_ends_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users.registration_attempts');
  }
}
