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

/** Builds the agent's bundle from sources with the project's build script into a temp dir. */
async function buildFromSources(here: string): Promise<string> {
  const root = fileURLToPath(new URL('../../../../', here));
  const out = mkdtempSync(join(tmpdir(), 'benchphant-agent-bundle-'));
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  await promisify(execFile)(
    process.execPath,
    [join(root, 'scripts', 'build.mjs'), '--agent-only', '--outdir', out],
    { cwd: root },
  );
  return join(out, 'main', 'agent');
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
  bundle ??= (
    here.endsWith('.ts')
      ? buildFromSources(here)
      : Promise.resolve(fileURLToPath(new URL('./agent/', here)))
  ).then(read);
  // A failed build is not remembered: the next run tries again.
  bundle.catch(() => (bundle = null));
  return bundle;
};
