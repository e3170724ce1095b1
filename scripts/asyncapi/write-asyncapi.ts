// `npm run asyncapi`: writes docs/asyncapi.yaml from the event contracts of every module, and the schema
// snapshot of every event version that has none yet (test/contracts/published-schemas/): the baseline
// the compatibility test holds each version to. A snapshot is never overwritten. A test checks the document is fresh.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiText } from '../../src/operations/asyncapi/asyncapi-text.js';
import { publishedContracts } from '../../src/operations/asyncapi/event-catalogue.js';
import { REPOSITORY_ROOT } from '../start-command.js';

export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';
export const SCHEMA_SNAPSHOTS = 'test/contracts/published-schemas';

async function main(): Promise<void> {
  writeFileSync(join(REPOSITORY_ROOT, ASYNCAPI_FILE), asyncApiText());
  mkdirSync(join(REPOSITORY_ROOT, SCHEMA_SNAPSHOTS), { recursive: true });
  const added: string[] = [];
  for (const [, contract] of publishedContracts()) {
    const file = join(REPOSITORY_ROOT, SCHEMA_SNAPSHOTS, `${contract.type}.json`);
    if (existsSync(file)) continue;
    writeFileSync(file, `${JSON.stringify(contract.schema, null, 2)}\n`);
    added.push(contract.type);
  }
  process.stdout.write(
    `asyncapi: wrote ${ASYNCAPI_FILE}${added.length > 0 ? `; new schema snapshots: ${added.join(', ')}` : ''}\n`,
  );
}

if (process.argv[1]?.endsWith('write-asyncapi.js')) await main();
