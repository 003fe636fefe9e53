// Test helper: the scaffolding every end-to-end file shares — a real core over a temporary data
// directory, the headless server serving the built renderer, Debian's Chromium, and tabs whose
// console errors, warnings and page errors fail the test that caused them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Input, Method, Output } from '../../shared/contract';
import { createCore, type Core } from '../../main/core/app';
import { createLogger } from '../../main/core/logging/logger';
import {
  createMemorySecretStore,
  type SecretStore,
  type UserSecretStoreKind,
} from '../../main/core/secrets/secret-store';
import { dispatch } from '../../main/rpc/dispatch';
import { type RunningServer, startServer } from '../../main/server/server';
import { makeTempDir, type TempDir } from '../support/temp-dir';
import { launchChromium } from './chromium';
import { ensureRendererBuilt, RENDERER_DIST } from './renderer-build';

export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

export interface BrowserAppOptions {
  /** Names the temporary directories and the server token. */
  name: string;
  viewport?: { width: number; height: number };
  /** Every wait is for a condition; this only bounds how long a broken one takes to report. */
  timeout?: number;
  secrets?: SecretStore<UserSecretStoreKind>;
  /** What the app says about where passwords are kept (null: the keychain is fine). */
  secretsMessage?: string | null;
  startSampler?: boolean;
  /**
   * Serve the handlers the desktop app's IPC gets (this machine's files are in reach) instead of
   * the remote ones, for what only the app offers (e.g. the password file's passwords).
   */
  desktopReach?: boolean;
  /** 'each' (default): a fresh tab per test, closed after it; 'once': one tab for the whole file. */
  page?: 'each' | 'once';
  /** Runs on the new core before the server starts: connections, runs, history. */
  seed?: (app: BrowserApp) => Promise<void> | void;
  /** Runs after the browser and server are closed, while the core is still open. */
  teardown?: (app: BrowserApp) => Promise<void>;
  /** Runs last, after the core is closed: what the tests left on the shared database servers. */
  cleanup?: () => Promise<void>;
}

export interface BrowserApp {
  readonly core: Core;
  readonly server: RunningServer;
  readonly context: BrowserContext;
  /** The current tab. */
  readonly page: Page;
  readonly dataDir: string;
  /** Console errors and warnings and page errors of every watched tab since the test began. */
  readonly problems: string[];
  /** The API every transport calls, as the CLI or a script would use it. */
  api<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  /** A new tab whose problems are collected; in the given colour scheme when one is named. */
  newPage(colorScheme?: 'light' | 'dark'): Promise<Page>;
  /** Full-page screenshots of the current tab, light and dark, into test-artifacts/. */
  shoot(name: string): Promise<void>;
}

/** A console line or page error, reported with where it came from. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(`console ${msg.type()}: ${msg.text()} at ${JSON.stringify(msg.location())}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
}

/** Registers the file's hooks; call it at the top level of a test file. */
export function useBrowserApp(opts: BrowserAppOptions): BrowserApp {
  let data: TempDir | undefined;
  let profile: TempDir | undefined;
  let core: Core | undefined;
  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const problems: string[] = [];

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`The browser app has no ${what} yet: use it in a test or hook.`);
    return value;
  };

  const app: BrowserApp = {
    get core() {
      return ready(core, 'core');
    },
    get server() {
      return ready(server, 'server');
    },
    get context() {
      return ready(context, 'browser');
    },
    get page() {
      return ready(page, 'page');
    },
    get dataDir() {
      return ready(data, 'data directory').path;
    },
    problems,
    async api(method, input) {
      const result = await dispatch(app.core.handlers, method, input);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value as Output<typeof method>;
    },
    async newPage(colorScheme) {
      const p = await app.context.newPage();
      if (colorScheme) await p.emulateMedia({ colorScheme });
      watchProblems(p, problems);
      return p;
    },
    async shoot(name) {
      const p = app.page;
      await p.emulateMedia({ colorScheme: 'light' });
      await p.screenshot({ path: join(ARTIFACTS, `${name}-light.png`), fullPage: true });
      await p.emulateMedia({ colorScheme: 'dark' });
      await p.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`), fullPage: true });
      await p.emulateMedia({ colorScheme: 'light' });
    },
  };

  beforeAll(async () => {
    ensureRendererBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    data = makeTempDir(`bp-browser-${opts.name}-`);
    profile = makeTempDir(`bp-chromium-${opts.name}-`);
    const logger = createLogger({
      level: 'warn',
      echo: (line) => process.stderr.write(`${line}\n`),
    });
    core = createCore({
      dataDir: data.path,
      logger,
      secrets: {
        store: opts.secrets ?? createMemorySecretStore(),
        message: opts.secretsMessage ?? null,
      },
      version: '0.1.0',
      startSampler: opts.startSampler,
    });
    await opts.seed?.(app);
    server = await startServer({
      core: opts.desktopReach ? { ...core, remoteHandlers: core.handlers } : core,
      port: 0,
      token: `browser-${opts.name}-token`,
      logger,
      staticDir: RENDERER_DIST,
    });
    context = await launchChromium(profile.path, opts.viewport ?? { width: 1280, height: 900 });
    context.setDefaultTimeout(opts.timeout ?? 15_000);
    if (opts.page === 'once') page = await app.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (core) {
      await opts.teardown?.(app);
      await core.close();
    }
    data?.remove();
    profile?.remove();
    await opts.cleanup?.();
  });

  if (opts.page !== 'once') {
    beforeEach(async () => {
      problems.length = 0;
      page = await app.newPage();
    });
  }

  afterEach(async () => {
    if (opts.page !== 'once') for (const p of app.context.pages()) await p.close();
    expect(problems).toEqual([]);
  });

  return app;
}
