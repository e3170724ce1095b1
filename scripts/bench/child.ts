import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs one benchmark part in its own Node process (the load generator is never
 * the process under test) and returns the JSON it prints on its last line.
 */
export function runChild<T>(script: string, input: unknown, env: Record<string, string> = {}): Promise<T> {
  const entry = fileURLToPath(new URL(`./${script}.js`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, ...env, BENCH_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${out.slice(-2000)}`));
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no result: ${out.slice(-2000)}`));
      }
    });
  });
}

/** Inside a child: its input, and a way to hand back the result. */
export function childInput<T>(): T {
  return JSON.parse(process.env.BENCH_INPUT ?? '{}') as T;
}

export function childResult(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
