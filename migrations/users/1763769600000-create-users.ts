import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1763769600000 implements MigrationInterface {
  name = 'CreateUsers1763769600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users.users (
        id            uuid PRIMARY KEY,
        email         text NOT NULL,
        name          text NOT NULL,
        password_hash text NOT NULL,
        roles         text[] NOT NULL DEFAULT '{customer}',
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_email_lower CHECK (email = lower(email)),
        CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['customer', 'admin'])
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users.users');
  }
}
