#!/usr/bin/env node
/**
 * `npm run arch`: the architecture gate (docs/architecture.md).
 *
 *   npm run arch                          check; exit 0 when clean, 1 on violations, 2 on a broken configuration
 *   npm run arch -- --update-baseline     record today's violations in .arch-baseline.json (the ratchet)
 *
 * One line per violation: `rule: from → to — fix: what to do`. Violations recorded
 * in the baseline are accepted; a baseline entry that no longer occurs fails
 * (remove it), so the baseline only shrinks.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import {
  ArchConfigError,
  runArchScript,
  BASELINE_FILE,
  ROOT,
  collectViolations,
  cruiseProject,
  keyOf,
  projectFiles,
  ruleNames,
} from './project.mjs';

const BASELINE_COMMENT =
  'Accepted architecture violations (docs/architecture.md#baseline). `npm run arch` ignores these and fails on any other ' +
  'violation, and on any entry here that no longer occurs: remove fixed entries so the list only shrinks. ' +
  'Regenerate with `npm run arch -- --update-baseline`; review every added line.';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--update-baseline');
if (args.includes('--help') || unknown.length > 0) {
  process.stderr.write('usage: npm run arch [-- --update-baseline]\n');
  process.exit(args.includes('--help') ? 0 : 2);
}

await runArchScript(() => main(args.includes('--update-baseline')));

async function main(updateBaseline) {
  const cruised = await cruiseProject();
  const violations = collectViolations(cruised);
  const baselinePath = path.join(ROOT, BASELINE_FILE);

  if (updateBaseline) {
    const entries = violations.map(({ rule, from, to }) => ({ rule, from, to }));
    writeFileSync(baselinePath, `${JSON.stringify({ $comment: BASELINE_COMMENT, violations: entries }, null, 2)}\n`);
    process.stdout.write(`arch: wrote ${entries.length} accepted violation(s) to ${BASELINE_FILE}\n`);
    return 0;
  }

  const baseline = readBaseline(baselinePath);
  const current = new Set(violations.map(keyOf));
  const accepted = new Set(baseline.map(keyOf));
  const fresh = violations.filter((violation) => !accepted.has(keyOf(violation)));
  const stale = baseline.filter((entry) => !current.has(keyOf(entry)));

  for (const violation of fresh) {
    const to =
      violation.rule === 'no-orphans'
        ? '(orphan: nothing imports it, it imports nothing)'
        : violation.rule === 'migration-listed'
          ? "(not reached from its module's migrations index)"
          : violation.to;
    const detail = violation.detail ? ` [${violation.detail}]` : '';
    process.stdout.write(`${violation.rule}: ${violation.from} → ${to} — fix: ${violation.fix}${detail}\n`);
  }
  for (const entry of stale) {
    process.stdout.write(
      `stale-baseline-entry: ${entry.from} → ${entry.to} — fix: '${entry.rule}' no longer occurs here; remove this entry ` +
        `from ${BASELINE_FILE} (the baseline only shrinks)\n`,
    );
  }

  const files = projectFiles(cruised.result).length;
  const rules = ruleNames(cruised.ruleSet).length;
  const modules = cruised.modules.map((module) => module.name).join(', ');
  if (fresh.length + stale.length > 0) {
    process.stderr.write(
      `arch: FAILED — ${fresh.length} violation(s), ${stale.length} stale baseline entr${stale.length === 1 ? 'y' : 'ies'} ` +
        `(${rules} rules over ${files} files; rules explained in docs/architecture.md)\n`,
    );
    return 1;
  }
  process.stdout.write(
    `arch: ok — ${cruised.modules.length} modules (${modules}), ${files} files, ${rules} rules checked, ` +
      `${baseline.length} baselined violation(s)\n`,
  );
  return 0;
}

function readBaseline(file) {
  if (!existsSync(file)) return [];
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ArchConfigError([
      `${BASELINE_FILE} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  const entries = data?.violations;
  const valid = (entry) => entry && ['rule', 'from', 'to'].every((key) => typeof entry[key] === 'string');
  if (!Array.isArray(entries) || !entries.every(valid)) {
    throw new ArchConfigError([
      `${BASELINE_FILE} must be {"violations": [{"rule", "from", "to"}, …]}: regenerate it with npm run arch -- --update-baseline`,
    ]);
  }
  return entries;
}
