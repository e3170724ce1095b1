import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCommand } from '../../scripts/start-command.js';
import { isTesseraVariable } from './tessera-variables.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Given in a process's environment (and kept out of it), runs the process in that network namespace (root only). */
export const NETWORK_NAMESPACE = 'TESSERA_TEST_NETWORK_NAMESPACE';

export interface ExitResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A real Tessera process started from the build (`dist/`), as `npm start` runs it.
 * `npm test` builds first; running a process test alone needs `npm run build`.
 */
export class TesseraProcess {
  stdout = '';
  stderr = '';
  private readonly exited: Promise<ExitResult>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, stdout: this.stdout, stderr: this.stderr })),
    );
  }

  static start(
    script: 'main' | 'cli/migrate' | 'cli/extract',
    env: Record<string, string | undefined>,
    args: readonly string[] = [],
  ): TesseraProcess {
    // The app runs exactly as `npm start` runs it (the bundle, its flags and environment; ADR 0005);
    // the CLIs from the compiled sources.
    const start = startCommand();
    const entry = script === 'main' ? join(ROOT, start.entry) : join(ROOT, 'dist', 'src', `${script}.js`);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test does it first).`);
    const childEnv: Record<string, string> = {};
    // The runner's own Tessera variables stay out (NODE_ENV=test aside, which Jest sets): only what the test gives counts.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name === 'NODE_ENV' || !isTesseraVariable(name)),
    );
    for (const [name, value] of Object.entries({ ...inherited, ...(script === 'main' ? start.env : {}), ...env }))
      if (value !== undefined && name !== NETWORK_NAMESPACE) childEnv[name] = value;
    const nodeArgs = script === 'main' ? start.nodeArgs : [];
    const command = [process.execPath, ...nodeArgs, entry, ...args];
    // `ip netns exec` execs the command in place, so the child is still the Tessera process itself (signals reach it).
    const namespace = env[NETWORK_NAMESPACE];
    const [file, ...argv] = namespace ? ['ip', 'netns', 'exec', namespace, ...command] : command;
    return new TesseraProcess(spawn(file, argv, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** Resolves once stdout contains `text`; rejects if the process exits first or the time runs out. */
  async waitFor(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stdout.includes(text)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `process exited (${this.child.exitCode ?? this.child.signalCode}) before printing "${text}".\nstdout: ${this.stdout}\nstderr: ${this.stderr}`,
        );
      }
      if (Date.now() > deadline)
        throw new Error(`no "${text}" within ${timeoutMs} ms.\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  exit(timeoutMs = 30_000): Promise<ExitResult> {
    return Promise.race([
      this.exited,
      new Promise<ExitResult>((_, reject) =>
        setTimeout(
          () => reject(new Error(`process did not exit within ${timeoutMs} ms.\nstderr: ${this.stderr}`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      // A paused process would hold a SIGTERM until it runs again.
      if (signal !== 'SIGKILL') this.child.kill('SIGCONT');
      this.child.kill(signal);
    }
    return this.exit();
  }

  /** Freezes the process (SIGSTOP): it keeps its sockets open but answers nothing, like a hung service. */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }
}
