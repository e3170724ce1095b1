import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real project folder. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the architecture check reads: sources, migrations, its own scripts and configuration, the docs it keeps current. */
const COPIED = [
  'src',
  'migrations',
  'ui',
  'scripts',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  '.dependency-cruiser.js',
  '.prettierrc.json',
  '.arch-baseline.json',
  'docs/architecture.md',
  'docs/architecture',
];

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, split into lines. */
  readonly lines: string[];
}

/**
 * A copy of the project in a temporary folder (node_modules symlinked), where a
 * test plants violations and runs the real check; the working tree is never touched.
 */
export class ArchTree {
  private constructor(readonly dir: string) {}

  static create(): ArchTree {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-arch-'));
    for (const entry of COPIED) {
      const source = join(ROOT, entry);
      if (!existsSync(source)) continue;
      mkdirSync(dirname(join(dir, entry)), { recursive: true });
      cpSync(source, join(dir, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return new ArchTree(dir);
  }

  write(file: string, content: string): this {
    mkdirSync(dirname(join(this.dir, file)), { recursive: true });
    writeFileSync(join(this.dir, file), content);
    return this;
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }

  remove(file: string): this {
    rmSync(join(this.dir, file), { recursive: true, force: true });
    return this;
  }

  /** `node scripts/arch/<script>.mjs …` in the copy, as `npm run arch…` runs it. */
  script(script: 'check' | 'graph' | 'report', ...args: string[]): Promise<RunResult> {
    return run(process.execPath, [join('scripts', 'arch', `${script}.mjs`), ...args], this.dir);
  }

  /** `npm run <name> -- …` in the copy. */
  npm(name: string, ...args: string[]): Promise<RunResult> {
    return run(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['run', '--silent', name, ...(args.length > 0 ? ['--', ...args] : [])],
      this.dir,
    );
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a script of the REAL tree (read-only uses such as `graph --check`). */
export function runInProject(script: 'check' | 'graph' | 'report', ...args: string[]): Promise<RunResult> {
  return run(process.execPath, [join('scripts', 'arch', `${script}.mjs`), ...args], ROOT);
}

function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, stdout, stderr, lines: `${stdout}\n${stderr}`.split('\n').filter((line) => line.length > 0) }),
    );
  });
}

/** The violation lines `npm run arch` printed for `rule` from `from` (`rule: from → to — fix: …`). */
export function linesFor(result: RunResult, rule: string, from: string): string[] {
  return result.lines.filter((line) => line.startsWith(`${rule}: ${from} → `));
}
