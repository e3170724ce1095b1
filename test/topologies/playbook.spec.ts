import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ROOT, TesseraProcess } from '../support/tessera-process.js';
import { BROKER_URL, deleteBrokerNamespace, describeWithBroker } from './support/broker.js';
import { isTesseraVariable } from '../support/tessera-variables.js';

/**
 * docs/extraction-playbook.md, executed: every ```sh block, in document order,
 * against real processes from the build, a real PostgreSQL and a real RabbitMQ,
 * so the playbook cannot drift from the code.
 *
 * - The first block ("# set these once") is run with its environment-specific
 *   values replaced by this test's: fresh databases (createTestDatabase), free
 *   ports, a unique BROKER_NAMESPACE, random SERVICE_TOKEN and JWT_SECRET,
 *   BROKER_URL from support/broker.ts. Lines that only derive values from
 *   others (MAIN_URL="http://127.0.0.1:$MAIN_PORT") run as written.
 * - Other blocks run with `bash -euo pipefail` from the repository root and
 *   must exit 0. The shell's variables and functions carry over from block to
 *   block, as in the one terminal a person pastes them into. They are set, not
 *   exported, exactly as the document sets them: every command must pass the
 *   environment it needs itself, which is what makes it right for a person.
 * - `# process: <name>` blocks start `VAR=value … npm start` with
 *   TesseraProcess: the assignments are expanded by bash, the process gets
 *   exactly those (inherited Tessera variables and NODE_ENV are removed), and
 *   the test waits for "Tessera is running". An earlier process of the same
 *   name is stopped first (Ctrl-C, i.e. SIGINT), which is the restart. A
 *   ```text block holding "Tessera is running" after it lists banner lines the
 *   process must print (the document's example ports and namespace are mapped
 *   to the test's). `# stop: <name>` blocks send SIGINT and expect exit 0.
 * - `# fails with exit status N, printing:` blocks must exit N and print the
 *   commented lines that follow that line.
 *
 * npm scripts are translated, because `npm start`, `npm run migrate` and
 * `npm run extract` rebuild dist/, which other test files use concurrently:
 * `npm start` → `node dist/tessera.mjs` (the bundle it runs after building;
 * process blocks get it through TesseraProcess), `npm run extract -- …` →
 * `node dist/src/cli/extract.js …`, `npm run migrate` →
 * `node dist/src/cli/migrate.js`; `npm run arch:report` runs as is. Any other
 * npm command fails the test. Needs a build (`npm test` builds first) and
 * curl, jq and psql on PATH, like a person following the playbook.
 * TESSERA_DATA_DIR points nowhere, so a command that forgets DATABASE_URL fails
 * instead of quietly starting an embedded PostgreSQL.
 */

const PLAYBOOK = join(ROOT, 'docs', 'extraction-playbook.md');
const MODULES = ['users', 'catalog', 'orders'];
/** The "set these once" variables whose values this test supplies. */
const SUPPLIED = [
  'DATABASE_URL',
  'CATALOG_DATABASE_URL',
  'BROKER_URL',
  'BROKER_NAMESPACE',
  'SERVICE_TOKEN',
  'JWT_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'MAIN_PORT',
  'CATALOG_PORT',
];
/** Variables a Tessera process or the tools read; never inherited from the test's own environment. */
/** Under a file, so not even root can create it: a command that forgets DATABASE_URL cannot start an embedded PostgreSQL. */
const NOWHERE = '/dev/null/playbook-test-never-uses-an-embedded-database';
const EXECUTABLE = 'sh';
const SHELL_LANGUAGES = new Set(['', 'bash', 'shell', 'zsh', 'console', 'shell-session', 'sh-session']);

// ---------------------------------------------------------------------------------------------
// The document

interface Fence {
  readonly lang: string;
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly section: string;
}

type Block =
  | {
      readonly kind: 'set-once';
      readonly fence: Fence;
      readonly assignments: { name: string; value: string; supplied: boolean }[];
    }
  | {
      readonly kind: 'process';
      readonly fence: Fence;
      readonly name: string;
      readonly assignments: string;
      banner: string[];
    }
  | { readonly kind: 'stop'; readonly fence: Fence; readonly name: string }
  | {
      readonly kind: 'fails';
      readonly fence: Fence;
      readonly status: number;
      readonly expected: string[];
      readonly script: string;
    }
  | { readonly kind: 'run'; readonly fence: Fence; readonly script: string };

function fencesOf(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const fences: Fence[] = [];
  let section = '(top)';
  for (let index = 0; index < lines.length; index++) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[index]);
    if (heading) section = heading[1]!;
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*$/.exec(lines[index]);
    if (!open) continue;
    const [, indent, marker, lang] = open;
    const body: string[] = [];
    let close = index + 1;
    while (
      close < lines.length &&
      !new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[close])
    ) {
      body.push(lines[close].startsWith(indent) ? lines[close].slice(indent.length) : lines[close].trimStart());
      close++;
    }
    if (close === lines.length) throw new Error(`${PLAYBOOK}:${index + 1}: code block never closed`);
    fences.push({ lang: lang, text: body.join('\n'), line: index + 1, section });
    index = close;
  }
  return fences;
}

/** Parses the playbook into the blocks to run; throws listing every problem. */
function parsePlaybook(markdown: string): Block[] {
  const problems: string[] = [];
  const blocks: Block[] = [];
  const fences = fencesOf(markdown);
  for (const fence of fences) {
    const where = `line ${fence.line} (${fence.section})`;
    if (SHELL_LANGUAGES.has(fence.lang)) {
      problems.push(
        `${where}: a code block marked "${fence.lang || '(nothing)'}"; mark commands \`sh\` (they are run) and output \`text\``,
      );
      continue;
    }
    if (fence.lang === 'text' && fence.text.includes('Tessera is running')) {
      const previous = blocks.at(-1);
      if (previous?.kind !== 'process') problems.push(`${where}: a banner that follows no \`# process:\` block`);
      else
        previous.banner = fence.text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '');
      continue;
    }
    if (fence.lang !== EXECUTABLE) continue;
    const lines = fence.text.split('\n');
    const first = lines[0].trim();
    const commands = lines.filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    try {
      if (blocks.length === 0) {
        if (!/^# set these once\b/.test(first))
          throw new Error('the first sh block must start with "# set these once"');
        blocks.push({ kind: 'set-once', fence, assignments: parseSetOnce(commands) });
      } else if (/^# process:/.test(first)) {
        const name = /^# process:\s*([a-z][a-z0-9-]*)\b/.exec(first)?.[1];
        if (!name) throw new Error('"# process:" must be followed by a process name');
        const command = commands
          .join('\n')
          .replace(/\\\n\s*/g, ' ')
          .trim();
        const parts = /^(.*?)\s*\bnpm start$/s.exec(command);
        if (!parts || command.includes('\n'))
          throw new Error('a process block must hold one command: `VAR=value … npm start`');
        blocks.push({ kind: 'process', fence, name, assignments: parts[1], banner: [] });
      } else if (/^# stop:/.test(first)) {
        const name = /^# stop:\s*([a-z][a-z0-9-]*)\b/.exec(first)?.[1];
        if (!name) throw new Error('"# stop:" must be followed by a process name');
        if (commands.length > 0) throw new Error('a stop block holds no command (a person presses Ctrl-C)');
        blocks.push({ kind: 'stop', fence, name });
      } else if (/^# fails with exit status/.test(first)) {
        const status = /^# fails with exit status (\d+), printing:$/.exec(first)?.[1];
        if (!status)
          throw new Error('write "# fails with exit status N, printing:" then the expected lines as comments');
        const expected: string[] = [];
        for (const line of lines.slice(1)) {
          if (!line.startsWith('#')) break;
          expected.push(line.replace(/^#\s?/, '').trim());
        }
        if (expected.length === 0) throw new Error('no expected output lines after "printing:"');
        blocks.push({ kind: 'fails', fence, status: Number(status), expected, script: translate(fence.text) });
      } else {
        if (commands.length === 0) throw new Error('a block without a command');
        blocks.push({ kind: 'run', fence, script: translate(fence.text) });
      }
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  const running = new Set<string>();
  for (const block of blocks) {
    if (block.kind === 'process') running.add(block.name);
    if (block.kind === 'stop' && !running.delete(block.name))
      problems.push(`line ${block.fence.line}: "# stop: ${block.name}" but no such process is running there`);
  }
  if (problems.length > 0) throw new Error(`${PLAYBOOK}:\n  ${problems.join('\n  ')}`);
  return blocks;
}

function parseSetOnce(commands: string[]) {
  const assignments = commands.map((line) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) throw new Error(`"set these once" may only assign variables (got: ${line})`);
    const [, name, value] = match;
    const supplied = SUPPLIED.includes(name);
    if (!supplied && !value.includes('$'))
      throw new Error(`${name} has an environment-specific value the test does not supply; add it to SUPPLIED`);
    return { name: name, value: value, supplied };
  });
  const missing = SUPPLIED.filter((name) => !assignments.some((assignment) => assignment.name === name));
  if (missing.length > 0) throw new Error(`"set these once" does not set ${missing.join(', ')}`);
  return assignments;
}

/** npm scripts that rebuild dist/ are replaced by what they run after building. */
function translate(script: string): string {
  const translated = script
    .replace(/\bnpm start\b/g, 'node dist/tessera.mjs')
    .replace(/\bnpm run extract -- /g, 'node dist/src/cli/extract.js ')
    .replace(/\bnpm run migrate\b/g, 'node dist/src/cli/migrate.js');
  const untranslated = /\bnpm\b(?! run (--silent )?arch:report\b).*/.exec(
    translated
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n'),
  );
  if (untranslated)
    throw new Error(`no translation for \`${untranslated[0]}\` (see the translations in playbook.spec.ts)`);
  return translated;
}

// ---------------------------------------------------------------------------------------------
// The shell

const singleQuoted = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** Variables and functions a block defined, written where the next block sources them. */
const SAVE_STATE = `
__playbook_save() {
  local __name
  {
    for __name in $(compgen -v | grep -vxF -f "$1" || true); do
      case "$__name" in BASH*|FUNCNAME|PIPESTATUS|GROUPS|COMP_*|HIST*|LINENO|RANDOM|SRANDOM|SECONDS|EPOCH*|OPTARG|OPTIND|__name|_) continue ;; esac
      declare -p "$__name"
    done
    declare -f
  } > "$2"
}`;

interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

class Shell {
  private constructor(
    private readonly dir: string,
    readonly env: Record<string, string>,
  ) {}

  static async create(): Promise<Shell> {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-playbook-'));
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env))
      if (value !== undefined && !isTesseraVariable(name)) env[name] = value;
    env.TESSERA_DATA_DIR = NOWHERE;
    const shell = new Shell(dir, env);
    await writeFile(shell.state, '');
    // What bash defines by itself is not the document's and is never carried over.
    const baseline = await shell.raw(`${SAVE_STATE}\ncompgen -v > ${singleQuoted(shell.baseline)}`, 10_000);
    if (baseline.code !== 0) throw new Error(`bash does not start: ${baseline.output}`);
    return shell;
  }

  get state(): string {
    return join(this.dir, 'state.sh');
  }

  get baseline(): string {
    return join(this.dir, 'baseline');
  }

  /** Runs a block in the shell's state and keeps what it defined. */
  run(script: string, timeoutMs = 120_000): Promise<RunResult> {
    return this.raw(
      `${SAVE_STATE}\nsource ${singleQuoted(this.state)}\n${script}\n__playbook_save ${singleQuoted(this.baseline)} ${singleQuoted(this.state)}`,
      timeoutMs,
    );
  }

  /** Runs a block in the shell's state without keeping anything (a command expected to fail, an expansion). */
  probe(script: string, timeoutMs = 60_000): Promise<RunResult> {
    return this.raw(`source ${singleQuoted(this.state)}\n${script}`, timeoutMs);
  }

  /** The words `assignments` expands to, split by bash itself: `A="$X" B=c` → { A: …, B: 'c' }. */
  async expandAssignments(assignments: string): Promise<Record<string, string>> {
    const result = await this.probe(`set -f\nset -- ${assignments}\nprintf '%s\\0' "$@"`, 10_000);
    if (result.code !== 0) throw new Error(`cannot expand \`${assignments}\`: ${result.output}`);
    const env: Record<string, string> = {};
    for (const word of result.output.split('\0').filter((word) => word !== '')) {
      const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(word);
      if (!match) throw new Error(`\`${word}\` is not a VAR=value assignment`);
      env[match[1]] = match[2]!;
    }
    return env;
  }

  async values(names: readonly string[], script = ''): Promise<Record<string, string>> {
    const result = await this.raw(
      `${script}\n${names.map((name) => `printf '%s\\0' "\${${name}:-}"`).join('\n')}`,
      10_000,
    );
    if (result.code !== 0) throw new Error(`cannot read ${names.join(', ')}: ${result.output}`);
    const values = result.output.split('\0');
    return Object.fromEntries(names.map((name, index) => [name, values[index]]));
  }

  private async raw(script: string, timeoutMs: number): Promise<RunResult> {
    const file = join(this.dir, `block-${randomBytes(4).toString('hex')}.sh`);
    await writeFile(file, script);
    return new Promise((resolve) => {
      const child: ChildProcess = spawn('bash', ['--noprofile', '--norc', '-euo', 'pipefail', file], {
        cwd: ROOT,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => {
        output += `\n[playbook test: killed after ${timeoutMs} ms]`;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, timeoutMs);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Replaces the document's example values (ports, namespace…) by the test's, in expected output. */
function mapValues(text: string, documentValues: Record<string, string>, testValues: Record<string, string>): string {
  const pairs = Object.keys(documentValues)
    .map((name) => [documentValues[name], testValues[name]] as const)
    .filter(([from, to]) => from.length >= 4 && from !== to)
    .sort(([a], [b]) => b.length - a.length);
  let result = text;
  for (const [from, to] of pairs) {
    const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(new RegExp(`(?<![\\w.-])${escaped}(?![\\w-])`, 'g'), to);
  }
  return result;
}

function describeBlock(block: Block, detail: string): string {
  const fence = block.fence;
  const tail = detail.length > 12_000 ? `…${detail.slice(-12_000)}` : detail;
  return `docs/extraction-playbook.md line ${fence.line} (${fence.section}):\n--- block ---\n${fence.text}\n--- ${tail.trim() === '' ? 'no output' : 'output'} ---\n${tail}`;
}

// ---------------------------------------------------------------------------------------------

describe('docs/extraction-playbook.md (as a document)', () => {
  it('marks every command so it can be run, and has a measured cost table', async () => {
    const markdown = await readFile(PLAYBOOK, 'utf8');
    const blocks = parsePlaybook(markdown);
    expect(blocks.filter((block) => block.kind === 'process').length).toBeGreaterThan(0);
    expect(markdown).not.toContain('STAGE-COSTS-TABLE');
    expect(markdown).toMatch(/## What each stage costs[\s\S]*\| macro \|[\s\S]*\| mini[\s\S]*\| micro/);
  });
});

const { describe: describeExecuted, reason } = await describeWithBroker();

describeExecuted(`docs/extraction-playbook.md, every command run${reason}`, () => {
  const databases: TestDatabase[] = [];
  const processes = new Map<string, TesseraProcess>();
  let shell: Shell | undefined;
  const namespace = `playbook-${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    await Promise.all([...processes.values()].map((running) => running.stop('SIGTERM').catch(() => undefined)));
    await deleteBrokerNamespace(namespace, MODULES).catch(() => undefined);
    await Promise.all(databases.map((database) => database.drop().catch(() => undefined)));
    await shell?.dispose();
  });

  it('runs every command of the playbook, in order, and each succeeds', async () => {
    const markdown = await readFile(PLAYBOOK, 'utf8');
    const blocks = parsePlaybook(markdown);
    const shBlocks = fencesOf(markdown)
      .filter((fence) => fence.lang === EXECUTABLE)
      .map((fence) => fence.line);
    shell = await Shell.create();

    const [shared, own] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    databases.push(shared, own);
    const mainPort = await freePort();
    let catalogPort = await freePort();
    while (catalogPort === mainPort) catalogPort = await freePort();
    const supplied: Record<string, string> = {
      DATABASE_URL: shared.url,
      CATALOG_DATABASE_URL: own.url,
      BROKER_URL,
      BROKER_NAMESPACE: namespace,
      SERVICE_TOKEN: randomBytes(32).toString('hex'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: 'playbook-admin@tessera.test',
      ADMIN_PASSWORD: `admin-${randomBytes(8).toString('hex')}`,
      MAIN_PORT: String(mainPort),
      CATALOG_PORT: String(catalogPort),
    };

    const setOnce = blocks[0] as Extract<Block, { kind: 'set-once' }>;
    const names = setOnce.assignments.map((assignment) => assignment.name);
    const documentValues = await shell.values(names, setOnce.fence.text);
    const executed: number[] = [];
    const fail = (block: Block, detail: string): never => {
      throw new Error(describeBlock(block, detail));
    };

    for (const block of blocks) {
      switch (block.kind) {
        case 'set-once': {
          const script = block.fence.text
            .split('\n')
            .map((line) => {
              const name = /^([A-Z][A-Z0-9_]*)=/.exec(line.trim())?.[1];
              return name && name in supplied ? `${name}=${singleQuoted(supplied[name])}` : line;
            })
            .join('\n');
          const result = await shell.run(script);
          if (result.code !== 0) fail(block, result.output);
          break;
        }
        case 'run': {
          const result = await shell.run(block.script);
          if (result.code !== 0) fail(block, `exit status ${result.code}\n${result.output}`);
          break;
        }
        case 'fails': {
          const result = await shell.probe(block.script, 30_000);
          const lines = result.output.split('\n').map((line) => line.trim());
          const missing = block.expected.filter((line) => !lines.includes(line));
          if (result.code !== block.status || missing.length > 0) {
            fail(
              block,
              `expected exit status ${block.status} and the lines:\n${block.expected.join('\n')}\ngot exit status ${result.code}${missing.length > 0 ? `, missing:\n${missing.join('\n')}` : ''}\n${result.output}`,
            );
          }
          break;
        }
        case 'process': {
          const earlier = processes.get(block.name);
          if (earlier) {
            processes.delete(block.name);
            const exit = await earlier.stop('SIGINT');
            if (exit.code !== 0)
              fail(
                block,
                `stopping the running ${block.name} (Ctrl-C) before the restart ended with ${exit.code ?? exit.signal}\n${exit.stderr}`,
              );
          }
          let env: Record<string, string>;
          try {
            env = await shell.expandAssignments(block.assignments);
          } catch (error) {
            return fail(block, (error as Error).message);
          }
          const inherited = Object.fromEntries(
            Object.keys(process.env)
              .filter((name) => isTesseraVariable(name))
              .map((name) => [name, undefined]),
          );
          const started = TesseraProcess.start('main', { ...inherited, TESSERA_DATA_DIR: NOWHERE, ...env });
          processes.set(block.name, started);
          try {
            await started.waitFor('Tessera is running', 60_000);
          } catch (error) {
            fail(block, (error as Error).message);
          }
          if (block.banner.length > 0) {
            const testValues = await shell.values(names, `source ${singleQuoted(shell.state)}`);
            const printed = started.stdout.split('\n').map((line) => line.trim());
            const missing = block.banner
              .map((line) => mapValues(line, documentValues, testValues))
              .filter((line) => !printed.includes(line));
            if (missing.length > 0) fail(block, `the banner lacks:\n${missing.join('\n')}\nstdout:\n${started.stdout}`);
          }
          break;
        }
        case 'stop': {
          const running = processes.get(block.name);
          if (!running) return fail(block, `no process named ${block.name} is running`);
          processes.delete(block.name);
          const exit = await running.stop('SIGINT');
          if (exit.code !== 0)
            fail(block, `${block.name} ended with ${exit.code ?? exit.signal} after Ctrl-C\nstderr:\n${exit.stderr}`);
          break;
        }
      }
      executed.push(block.fence.line);
    }

    // Every sh block of the document was run: none was skipped or misread.
    expect(executed).toEqual(shBlocks);
  }, 300_000);
});
