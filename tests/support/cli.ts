// Test helper. Runs the real CLI (main/cli through tsx, in a child process) with its own data
// directory and environment, and collects exit code and output.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = join(ROOT, 'main', 'cli', 'index.ts');
/** tsx's loader by path, so the CLI starts from any working directory. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (a pipe, so never a TTY). */
  input?: string;
  /** Where relative paths in the arguments resolve; default the package root. */
  cwd?: string;
}

export function spawnCli(args: readonly string[], opts: CliOptions = {}): ChildProcess {
  // Only what the CLI needs: a test must not inherit a developer's BENCHPHANT_* settings.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('BENCHPHANT_')),
  );
  const child = spawn(process.execPath, ['--import', TSX, ENTRY, ...args], {
    cwd: opts.cwd ?? ROOT,
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

export interface ServeProcess {
  child: ChildProcess;
  /** The URL serve printed (token included). */
  url: URL;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** Starts `benchphant serve …` and resolves once it prints its URL and "Press Ctrl-C". */
export async function spawnServe(
  args: readonly string[],
  opts: CliOptions = {},
): Promise<ServeProcess> {
  const child = spawnCli(['serve', ...args], opts);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  );
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const found = /http:\/\/\S+/.exec(stdout);
      if (found && stdout.includes('Press Ctrl-C')) resolve(new URL(found[0]));
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
  return { child, url, exited, stdout: () => stdout, stderr: () => stderr };
}
