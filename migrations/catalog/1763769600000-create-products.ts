import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProducts1763769600000 implements MigrationInterface {
  name = 'CreateProducts1763769600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalog.products (
        id          uuid PRIMARY KEY,
        sku         text NOT NULL,
        name        text NOT NULL,
        description text,
        price_cents integer NOT NULL,
        stock       integer NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     integer NOT NULL DEFAULT 1,
        CONSTRAINT products_sku_key UNIQUE (sku),
        CONSTRAINT products_price_not_negative CHECK (price_cents >= 0),
        CONSTRAINT products_stock_not_negative CHECK (stock >= 0)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE catalog.products');
  }
}
