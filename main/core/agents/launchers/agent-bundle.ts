// Runs in the coordinator. The files the ssh launcher copies to a load host: the agent and its
// benchmark worker fully bundled (no node_modules needed there), plus the native engine when it is
// built here. A bundle ships them in dist/main/agent/; from sources they are built once per process.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nativeAddonFile } from '../../../native';

export const AGENT_ENTRY = 'agent.mjs';
export const NATIVE_ADDON = 'benchphant_native.node';

export interface AgentBundle {
  files: { name: string; data: Buffer }[];
  /** Of every file's name and content: the cache key on the hosts. */
  hash: string;
}

export type AgentBundleResolver = () => Promise<AgentBundle>;

/** Builds the agent's bundle from sources with the project's build script, read into memory. */
async function buildFromSources(here: string): Promise<AgentBundle> {
  const root = fileURLToPath(new URL('../../../../', here));
  const out = mkdtempSync(join(tmpdir(), 'benchphant-agent-bundle-'));
  try {
    await promisify(execFile)(
      process.execPath,
      [join(root, 'scripts', 'build.mjs'), '--agent-only', '--outdir', out],
      { cwd: root },
    );
    return read(join(out, 'main', 'agent'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function read(dir: string): AgentBundle {
  const names = [AGENT_ENTRY, 'benchmark-worker.mjs'];
  const files = names.map((name) => ({ name, data: readFileSync(join(dir, name)) }));
  const addon = nativeAddonFile();
  if (addon) files.push({ name: NATIVE_ADDON, data: readFileSync(addon) });
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.name}\0${f.data.length}\0`).update(f.data);
  return { files, hash: hash.digest('hex').slice(0, 16) };
}

let bundle: Promise<AgentBundle> | null = null;

export const defaultAgentBundle: AgentBundleResolver = () => {
  const here = import.meta.url;
  bundle ??= here.endsWith('.ts')
    ? buildFromSources(here)
    : Promise.resolve().then(() => read(fileURLToPath(new URL('./agent/', here))));
  // A failed build is not remembered: the next run tries again.
  bundle.catch(() => (bundle = null));
  return bundle;
};
