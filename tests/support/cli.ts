// Test helper. Runs the real CLI (main/cli through tsx, in a child process) with its own data
// directory and environment, and collects exit code and output.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = join(ROOT, 'main', 'cli', 'index.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (a pipe, so never a TTY). */
  input?: string;
}

export function spawnCli(args: readonly string[], opts: CliOptions = {}): ChildProcess {
  // Only what the CLI needs: a test must not inherit a developer's BENCHPHANT_* settings.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('BENCHPHANT_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    env: { ...base, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(opts.input ?? '');
  return child;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, opts);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
