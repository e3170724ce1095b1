import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { ASYNCAPI_FILE, SCHEMA_SNAPSHOTS } from '../../scripts/asyncapi/write-asyncapi.js';
import { asyncApiText } from '../../src/operations/asyncapi/asyncapi-text.js';
import { incompatibilities } from '../../scripts/asyncapi/schema-compatibility.js';
import type { JsonSchema } from '../../src/shared/messaging/index.js';
import { PUBLISHED_CONTRACTS } from '../support/published-contracts.js';
import { ROOT } from '../support/tessera-process.js';

/** docs/asyncapi.yaml is what the contracts say, valid AsyncAPI 3.0, and no published version changed incompatibly. */
describe('the AsyncAPI document of the integration events', () => {
  it('is fresh: `npm run asyncapi` would write what is committed', async () => {
    expect(readFileSync(join(ROOT, ASYNCAPI_FILE), 'utf8')).toBe(asyncApiText());
  });

  it('is valid for the official AsyncAPI parser, with a message and a JSON Schema for every event version', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(join(ROOT, ASYNCAPI_FILE), 'utf8'));
    // Severity 0 is an error (Spectral's DiagnosticSeverity); warnings and hints are advice.
    const errors = diagnostics.filter((diagnostic) => (diagnostic.severity as number) === 0);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
    const names = document!
      .allMessages()
      .all()
      .map((message) => message.name())
      .sort();
    expect(names).toEqual(PUBLISHED_CONTRACTS.map(([, contract]) => contract.type).sort());
    for (const message of document!.allMessages().all()) expect(message.payload()?.type()).toBe('object');
  });

  it.each(PUBLISHED_CONTRACTS.map(([, contract]) => [contract.type, contract] as const))(
    '%s keeps its published schema (a breaking change is a new version)',
    (type, contract) => {
      const file = join(ROOT, SCHEMA_SNAPSHOTS, `${type}.json`);
      if (!existsSync(file))
        throw new Error(
          `${type} has no schema snapshot: run npm run asyncapi and commit ${SCHEMA_SNAPSHOTS}/${type}.json`,
        );
      const published = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
      expect(incompatibilities(published, contract.schema)).toEqual([]);
    },
  );

  it('notices a breaking change: a field dropped, a type changed, a value added', () => {
    const published: JsonSchema = {
      type: 'object',
      properties: { id: { type: 'string' }, status: { type: 'string', enum: ['A', 'B'] }, n: { type: 'integer' } },
      required: ['id', 'status', 'n'],
    };
    const changed: JsonSchema = {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['A', 'B', 'C'] },
        n: { type: ['string', 'null'] },
        extra: { type: 'string' },
      },
      required: ['status', 'n', 'extra'],
    };
    expect(incompatibilities(published, changed)).toEqual([
      'payload.id: no longer sent',
      'payload.status: new values C',
      'payload.n: type ["integer"] became ["null","string"]',
    ]);
    expect(
      incompatibilities(published, {
        ...published,
        properties: { ...(published.properties as object), more: { type: 'string' } },
      }),
    ).toEqual([]);
  });
});
