/**
 * The files `npm run module:new -- <name>` writes: a module with the standard anatomy and one example
 * of each part (an `items` aggregate, its table, a facade, an event with its contract, a controller,
 * the service endpoint and HTTP facade for when it runs elsewhere, a module test on the real
 * database). Each file imports what the hand-written modules import, from the same kernel paths.
 */
import { moduleClassName } from './registry.mjs';

/** The names one module name gives: `shipping` → ShippingModule's `Shipping`; the schema is the name itself. */
export function namesOf(name) {
  return { name, pascal: moduleClassName(name).slice(0, -'Module'.length), camel: name, schema: name };
}

/** @returns {Record<string, string>} file path (relative to the project) → content */
export function moduleFiles(name, timestamp) {
  const { pascal, camel, schema } = namesOf(name);
  const dir = `src/modules/${name}`;
  const event = `${name}.item-created.v1`;
  return {
    [`${dir}/${name}.module-definition.ts`]: `import type { ModuleDefinition } from '../../shared/module-definition/index.js';

export const ${camel}Definition = {
  name: '${name}',
  schema: '${schema}',
  description: 'TODO: one sentence saying what ${name} is responsible for.',
  dependsOn: [],
  publicRoutes: ['/api/${name}'],
  publishes: ['${event}'],
  consumes: [],
} as const satisfies ModuleDefinition;
`,
    [`${dir}/${name}.module.ts`]: `import { type DynamicModule, Module } from '@nestjs/common';
import { ModuleRuntimeModule } from '../../shared/module-runtime/index.js';
import { remoteModule } from '../../shared/remote/index.js';
import { CreateItemHandler } from './application/create-item.handler.js';
import { ${pascal}FacadeService } from './application/${name}-facade.service.js';
import { ItemRepository } from './domain/item.repository.js';
import { InternalItemsController } from './http/internal-items.controller.js';
import { ItemsController } from './http/items.controller.js';
import { Http${pascal}Facade } from './infrastructure/http-${name}.facade.js';
import { ${camel}Database } from './infrastructure/${name}.database.js';
import { SqlItemRepository } from './infrastructure/sql-item.repository.js';
import { ${camel}Definition } from './${name}.module-definition.js';
import { ${pascal}Facade } from './public/index.js';

/** ${pascal}: see ${name}.module-definition.ts for what it owns, calls and publishes. */
@Module({})
export class ${pascal}Module {
  /** Name, schema, dependencies, routes and events: declared once, in ${name}.module-definition.ts. */
  static readonly definition = ${camel}Definition;
  /** The schema, entities and migrations this module owns; read by \`npm run migrate\`. */
  static readonly database = ${camel}Database;

  /** When ${name} runs in another process: its facade over HTTP, and its public routes proxied there. */
  static forRemote(url: string): DynamicModule {
    return remoteModule(${pascal}Module, {
      definition: ${camel}Definition,
      url,
      facade: ${pascal}Facade,
      overHttp: Http${pascal}Facade,
    });
  }

  static forRoot(): DynamicModule {
    return {
      module: ${pascal}Module,
      global: true,
      imports: [ModuleRuntimeModule.forModule(${camel}Database)],
      controllers: [ItemsController, InternalItemsController],
      providers: [
        { provide: ItemRepository, useClass: SqlItemRepository },
        { provide: ${pascal}Facade, useClass: ${pascal}FacadeService },
        CreateItemHandler,
      ],
      exports: [${pascal}Facade],
    };
  }
}
`,
    [`${dir}/public/index.ts`]: `export * from './${name}.facade.js';
export * from './item-summary.js';
export * from './events/index.js';
`,
    [`${dir}/public/${name}.facade.ts`]: `import type { ItemSummary } from './item-summary.js';

/**
 * ${pascal} as other modules see it. Bound in-process when \`${name}\` runs in the same process, to an
 * HTTP client when it runs elsewhere; callers cannot tell.
 */
export abstract class ${pascal}Facade {
  /** \`null\` when no item has this id. */
  abstract findItem(id: string): Promise<ItemSummary | null>;
}
`,
    [`${dir}/public/item-summary.ts`]: `/** An item as other modules see it. */
export interface ItemSummary {
  readonly id: string;
  readonly name: string;
}
`,
    [`${dir}/public/events/index.ts`]: `export * from './item-created.v1.js';
`,
    [`${dir}/public/events/item-created.v1.ts`]: `import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

export const ItemCreatedV1 = defineIntegrationEvent({
  type: '${event}',
  description: 'An item was created.',
  example: { itemId: '01a20070-2d4a-7871-9dbc-9c8b08140c40', name: 'An example item' },
  shape: (p) => ({ itemId: p.uuid('itemId'), name: p.string('name') }),
});
export type ItemCreatedV1 = EventPayload<typeof ItemCreatedV1>;
`,
    [`${dir}/domain/item.ts`]: `import { ValidationError } from '../../../shared/errors/index.js';

export const MAX_ITEM_NAME = 200;

/** The example aggregate: plain TypeScript, its rules checked where it is made. */
export class Item {
  private constructor(
    readonly id: string,
    readonly name: string,
    readonly createdAt: Date,
  ) {}

  static create(fields: { id: string; name: string; now: Date }): Item {
    const name = fields.name.trim();
    if (name === '') throw ValidationError.forField('name', 'must not be blank');
    return new Item(fields.id, name, fields.now);
  }

  static restore(fields: { id: string; name: string; createdAt: Date }): Item {
    return new Item(fields.id, fields.name, fields.createdAt);
  }
}
`,
    [`${dir}/domain/item.repository.ts`]: `import type { Item } from './item.js';

/** Where items are kept; bound to SQL in infrastructure/. */
export abstract class ItemRepository {
  abstract add(item: Item): Promise<void>;
  abstract findById(id: string): Promise<Item | null>;
}
`,
    [`${dir}/domain/${name}.errors.ts`]: `import { NotFoundError } from '../../../shared/errors/index.js';

export class ItemNotFoundError extends NotFoundError {
  override readonly code = '${name}.item-not-found';

  constructor(id: string) {
    super(\`No item has id \${id}.\`);
  }
}
`,
    [`${dir}/application/create-item.handler.ts`]: `import { Injectable } from '@nestjs/common';
import { v7 as uuidV7 } from 'uuid';
import { Transactions } from '../../../shared/database/index.js';
import { Outbox } from '../../../shared/messaging/index.js';
import { Item } from '../domain/item.js';
import { ItemRepository } from '../domain/item.repository.js';
import { ItemCreatedV1 } from '../public/index.js';

/** Stores the item and its event in one transaction: the event is published if and only if the item exists. */
@Injectable()
export class CreateItemHandler {
  constructor(
    private readonly items: ItemRepository,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: { name: string }): Promise<Item> {
    const item = Item.create({ id: uuidV7(), name: command.name, now: new Date() });
    await this.transactions.run(async () => {
      await this.items.add(item);
      await this.outbox.append(ItemCreatedV1, item.id, { itemId: item.id, name: item.name });
    });
    return item;
  }
}
`,
    [`${dir}/application/${name}-facade.service.ts`]: `import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { ItemRepository } from '../domain/item.repository.js';
import { type ItemSummary, ${pascal}Facade } from '../public/index.js';

/** The in-process binding of \`${pascal}Facade\`. */
@Injectable()
export class ${pascal}FacadeService extends ${pascal}Facade {
  constructor(private readonly items: ItemRepository) {
    super();
  }

  async findItem(id: string): Promise<ItemSummary | null> {
    if (!isUuid(id)) return null;
    const item = await this.items.findById(id);
    return item && { id: item.id, name: item.name };
  }
}
`,
    [`${dir}/infrastructure/${name}.database.ts`]: `import { ${camel}Migrations } from '../../../../migrations/${name}/index.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';
import { ${camel}Definition } from '../${name}.module-definition.js';

/** Read and written in plain SQL (sql-item.repository.ts), so no ORM entities. */
export const ${camel}Database: ModuleDatabaseDefinition = {
  schema: ${camel}Definition.schema,
  entities: [],
  migrations: ${camel}Migrations,
};
`,
    [`${dir}/infrastructure/sql-item.repository.ts`]: `import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/index.js';
import { Item } from '../domain/item.js';
import { ItemRepository } from '../domain/item.repository.js';

@Injectable()
export class SqlItemRepository extends ItemRepository {
  constructor(private readonly db: Transactions) {
    super();
  }

  async add(item: Item): Promise<void> {
    await this.db.query('INSERT INTO ${schema}.items (id, name, created_at) VALUES ($1, $2, $3)', [
      item.id,
      item.name,
      item.createdAt,
    ]);
  }

  async findById(id: string): Promise<Item | null> {
    const [row] = await this.db.query<{ id: string; name: string; created_at: Date }>(
      'SELECT id, name, created_at FROM ${schema}.items WHERE id = $1',
      [id],
    );
    return row ? Item.restore({ id: row.id, name: row.name, createdAt: row.created_at }) : null;
  }
}
`,
    [`${dir}/infrastructure/http-${name}.facade.ts`]: `import type { RemoteModuleClient } from '../../../shared/remote/index.js';
import { type ItemSummary, ${pascal}Facade } from '../public/index.js';

/** \`${pascal}Facade\` when ${name} runs in another process: its service endpoint, behind timeout, retries and breaker. */
export class Http${pascal}Facade extends ${pascal}Facade {
  constructor(private readonly client: RemoteModuleClient) {
    super();
  }

  async findItem(id: string): Promise<ItemSummary | null> {
    const { item } = await this.client.call<{ item: ItemSummary | null }>({
      operation: 'findItem',
      method: 'GET',
      path: \`/internal/${name}/items/\${encodeURIComponent(id)}\`,
      idempotent: true,
    });
    return item;
  }
}
`,
    [`${dir}/http/items.controller.ts`]: `import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/auth/index.js';
import { CreateItemHandler } from '../application/create-item.handler.js';
import { ItemNotFoundError } from '../domain/${name}.errors.js';
import { ${pascal}Facade } from '../public/index.js';
import { CreateItemRequest } from './create-item.request.js';
import { ItemResponse } from './item.response.js';

@ApiTags('${name}')
@Controller('api/${name}/items')
export class ItemsController {
  constructor(
    private readonly createItem: CreateItemHandler,
    private readonly ${camel}: ${pascal}Facade,
  ) {}

  @ApiOperation({ operationId: 'create${pascal}Item', summary: 'Create an item' })
  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ItemResponse })
  async create(@Body() body: CreateItemRequest): Promise<ItemResponse> {
    const item = await this.createItem.execute(body);
    return { id: item.id, name: item.name };
  }

  @ApiOperation({ operationId: 'get${pascal}Item', summary: 'An item' })
  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ItemResponse })
  @ApiNotFoundResponse()
  async get(@Param('id') id: string): Promise<ItemResponse> {
    const item = await this.${camel}.findItem(id);
    if (!item) throw new ItemNotFoundError(id);
    return item;
  }
}
`,
    [`${dir}/http/create-item.request.ts`]: `import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { MAX_ITEM_NAME } from '../domain/item.js';

export class CreateItemRequest {
  @ApiProperty({ example: 'An example item', maxLength: MAX_ITEM_NAME })
  @IsString()
  @MaxLength(MAX_ITEM_NAME)
  name!: string;
}
`,
    [`${dir}/http/item.response.ts`]: `import { ApiProperty } from '@nestjs/swagger';

export class ItemResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'An example item' })
  name!: string;
}
`,
    [`${dir}/http/internal-items.controller.ts`]: `import { Controller, Get, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '../../../shared/auth/index.js';
import { type ItemSummary, ${pascal}Facade } from '../public/index.js';

/** \`${pascal}Facade\` over HTTP, for processes that do not host ${name}. Service tokens only. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/${name}/items')
export class InternalItemsController {
  constructor(private readonly ${camel}: ${pascal}Facade) {}

  @Get(':id')
  async find(@Param('id') id: string): Promise<{ item: ItemSummary | null }> {
    return { item: await this.${camel}.findItem(id) };
  }
}
`,
    [`${dir}/${name}.module.spec.ts`]: `import { startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { tokenFor } from '../../../test/support/tokens.js';
import { ${pascal}Module } from './${name}.module.js';
import { ${pascal}Facade } from './public/index.js';

/** The ${name} module booted alone on a real database. */
describe('${name} module in isolation', () => {
  let app: TestApp;
  const admin = tokenFor(['customer', 'admin']);

  beforeAll(async () => {
    app = await startTestApp({}, { modules: [${pascal}Module.forRoot()] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('owns only its own database', async () => {
    const health = await app.http.get('/health');
    expect(Object.keys(health.body.dependencies)).toEqual(['database:${schema}']);
  });

  it('creates an item, finds it through the facade, and refuses a blank name', async () => {
    const created = await app.http.post('/api/${name}/items', { name: 'First' }, { token: admin });
    expect(created.status).toBe(201);
    await expect(app.running.app.get(${pascal}Facade).findItem(created.body.id)).resolves.toEqual({
      id: created.body.id,
      name: 'First',
    });
    expect((await app.http.get(\`/api/${name}/items/\${created.body.id}\`, { token: admin })).body.name).toBe('First');
    expect((await app.http.post('/api/${name}/items', { name: ' ' }, { token: admin })).status).toBe(400);
  });
});
`,
    [`migrations/${name}/index.ts`]: `import { Create${pascal}Items${timestamp} } from './${timestamp}-create-items.js';
import { Add${pascal}Messaging${timestamp + 1} } from './${timestamp + 1}-add-messaging.js';

/** The ${name} module's migrations, in order. Each touches the \`${schema}\` schema only. */
export const ${camel}Migrations = [Create${pascal}Items${timestamp}, Add${pascal}Messaging${timestamp + 1}];
`,
    [`migrations/${name}/${timestamp}-create-items.ts`]: `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The schema and the module's login role are made by the provisioner before migrations run. */
export class Create${pascal}Items${timestamp} implements MigrationInterface {
  name = 'Create${pascal}Items${timestamp}';

  async up(db: QueryRunner): Promise<void> {
    await db.query(\`
      CREATE TABLE ${schema}.items (
        id         uuid PRIMARY KEY,
        name       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )\`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ${schema}.items');
  }
}
`,
    [`migrations/${name}/${timestamp + 1}-add-messaging.ts`]: `import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '../../src/shared/messaging/messaging-tables.v1.js';
import { dropOutboxNotify, restoreOutboxNotify } from '../../src/shared/messaging/messaging-tables.v2.js';
import { addOutboxTraceContext, dropOutboxTraceContext } from '../../src/shared/messaging/messaging-tables.v3.js';

/** The ${name} module's outbox, inbox and dead letters, in its own schema (messaging tables v3). */
export class Add${pascal}Messaging${timestamp + 1} implements MigrationInterface {
  name = 'Add${pascal}Messaging${timestamp + 1}';

  async up(db: QueryRunner): Promise<void> {
    await createMessagingTables(db, '${schema}');
    await dropOutboxNotify(db, '${schema}');
    await addOutboxTraceContext(db, '${schema}');
  }

  async down(db: QueryRunner): Promise<void> {
    await dropOutboxTraceContext(db, '${schema}');
    await restoreOutboxNotify(db, '${schema}');
    await dropMessagingTables(db, '${schema}');
  }
}
`,
  };
}
