// SSH tunnels against a real OpenSSH server on loopback (and a second one as jump host): every
// authentication method, ~/.ssh/config aliases, known-hosts acceptance and refusal, one shared
// session for a benchmark's 32 clients, and re-dialling after the session drops.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../../shared/contract';
import type { SshInput, TestResult } from '../../../shared/model/connection';
import { openClient } from '../../../main/core/db/client';
import { freeLoopbackPort } from '../../../main/core/sandbox/service';
import { dispatch } from '../../../main/rpc/dispatch';
import {
  knownHostsLine,
  type KeyPair,
  type LinuxUser,
  makeKeyPair,
  makeLinuxUser,
  startAgent,
  startSshd,
  type SshAgent,
  type Sshd,
} from '../../support/sshd';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { makeTestCore, type TestCore } from '../../support/test-core';

const run = promisify(execFile);
const PASSPHRASE = 'F-tunnel-passphrase-7731';
const SSH_PASSWORD = 'F-ssh-Passw0rd-5519';

let home: TempDir;
let core: TestCore;
let target: Sshd;
let jump: Sshd;
let plainKey: KeyPair;
let lockedKey: KeyPair;
let agentKey: KeyPair;
let agent: SshAgent;
let user: LinuxUser;
const savedEnv = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };

const PG = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
  tls: { mode: 'disable' },
} as const;
const MY = {
  type: 'mysql',
  host: '127.0.0.1',
  port: 3306,
  database: 'test',
  username: 'root',
  tls: { mode: 'disable' },
} as const;

async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as Output<M>;
}

const viaTarget = (over: Partial<SshInput> = {}): SshInput => ({
  host: '127.0.0.1',
  port: target.port,
  user: 'root',
  auth: 'key',
  key_file: plainKey.privateFile,
  jumps: [],
  ...over,
});

let counter = 0;
const create = (db: typeof PG | typeof MY, ssh: SshInput, name = `bp_sshf ${++counter}`) =>
  call('connections.create', { ...db, name, environment: 'test', ssh });

/** Closes every tunnel and waits until sshd has seen the sessions go. */
async function noSessions(...servers: Sshd[]) {
  await core.connections.close();
  const end = Date.now() + 10_000;
  while (servers.some((s) => s.sessions() > 0)) {
    if (Date.now() > end) throw new Error('SSH sessions did not close');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function expectConnected(r: TestResult) {
  expect(r.message).toMatch(/through the SSH tunnel/);
  expect(r.success).toBe(true);
  expect(r.ssh_rtt_ms).toBeGreaterThan(0);
  expect(r.rtt_ms).toBeGreaterThan(0);
}

beforeAll(async () => {
  home = makeTempDir('benchphant-sshf-home-');
  mkdirSync(join(home.path, '.ssh'), { mode: 0o700 });
  const keys = join(home.path, 'keys');
  mkdirSync(keys);
  [plainKey, lockedKey, agentKey] = await Promise.all([
    makeKeyPair(keys, 'id_plain'),
    makeKeyPair(keys, 'id_locked', PASSPHRASE),
    makeKeyPair(keys, 'id_agent'),
  ]);
  const authorized = [plainKey, lockedKey, agentKey].map((k) => k.publicLine);
  [target, jump] = await Promise.all([
    startSshd({ authorizedKeys: authorized }),
    startSshd({ authorizedKeys: authorized }),
  ]);
  agent = await startAgent(home.path, [agentKey.privateFile]);
  user = await makeLinuxUser('bp_sshf_pw', SSH_PASSWORD);
  process.env.HOME = home.path;
  process.env.SSH_AUTH_SOCK = agent.socket;
  // The jump host is already in the user's own known_hosts, as after a first `ssh` to it.
  writeFileSync(join(home.path, '.ssh', 'known_hosts'), `${knownHostsLine(jump)}\n`);
  core = makeTestCore();
});

afterAll(async () => {
  await core?.dispose();
  await Promise.all([target?.stop(), jump?.stop(), agent?.stop(), user?.remove()]);
  process.env.HOME = savedEnv.HOME;
  if (savedEnv.SSH_AUTH_SOCK === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = savedEnv.SSH_AUTH_SOCK;
  home?.remove();
});

describe('SSH tunnels through a real OpenSSH server', () => {
  it('stops at an unknown host key with its SHA256 fingerprint, and connects once it is accepted', async () => {
    const r = await call('connections.test', { ...PG, ssh: viaTarget() });
    expect(r).toMatchObject({ success: false, code: 'SSH_HOST_KEY_UNKNOWN' });
    const { stdout } = await run('ssh-keygen', ['-l', '-f', join(target.dir, 'host_ed25519.pub')]);
    const fingerprint = stdout.split(' ')[1];
    expect(r.host_key).toMatchObject({ host: '127.0.0.1', port: target.port, fingerprint });
    expect(r.message).toContain(fingerprint);

    const accepted = await call('connections.acceptHostKey', r.host_key!);
    expect(accepted.message).toContain(fingerprint);
    expect(readFileSync(join(core.dataDir, 'known_hosts'), 'utf8')).toContain(
      `[127.0.0.1]:${target.port} ssh-ed25519`,
    );
    expectConnected(await call('connections.test', { ...PG, ssh: viaTarget() }));
  });

  it.each([
    ['PostgreSQL', PG],
    ['MariaDB', MY],
  ] as const)('key authentication to %s, saved and tested', async (_name, db) => {
    const conn = await create(db, viaTarget());
    expect(conn.ssh).toMatchObject({ host: '127.0.0.1', auth: 'key', has_secret: false });
    const r = await call('connections.testSaved', { id: conn.id });
    expectConnected(r);
    expect(r.server_version).toMatch(db.type === 'postgresql' ? /^PostgreSQL/ : /^MariaDB/);
  });

  it('a passphrase-protected key, with the passphrase in the secret store and nowhere else', async () => {
    const conn = await create(
      PG,
      viaTarget({ key_file: lockedKey.privateFile, secret: PASSPHRASE }),
    );
    expect(conn.ssh?.has_secret).toBe(true);
    expect(JSON.stringify(conn)).not.toContain(PASSPHRASE);
    expectConnected(await call('connections.testSaved', { id: conn.id }));
    expect(readFileSync(join(core.dataDir, 'benchphant.sqlite')).includes(PASSPHRASE)).toBe(false);

    const wrong = await call('connections.test', {
      ...PG,
      ssh: viaTarget({ key_file: lockedKey.privateFile, secret: 'not-the-passphrase' }),
    });
    expect(wrong).toMatchObject({ success: false, code: 'AUTH_FAILED' });
    expect(wrong.message).toMatch(/passphrase is missing or wrong/);
  });

  it('says when the SSH server cannot reach the database behind it', async () => {
    const port = await freeLoopbackPort();
    const r = await call('connections.test', { ...PG, port, ssh: viaTarget() });
    expect(r).toMatchObject({ success: false, code: 'CONNECTION_REFUSED' });
    expect(r.message).toContain(
      `The SSH server 127.0.0.1:${target.port} could not open a connection to 127.0.0.1:${port}`,
    );
  });

  it('ssh-agent authentication (SSH_AUTH_SOCK)', async () => {
    expectConnected(
      await call('connections.test', {
        ...MY,
        ssh: viaTarget({ auth: 'agent', key_file: undefined }),
      }),
    );
  });

  it('password authentication of a real Linux user, and a wrong password said plainly', async () => {
    const conn = await create(
      PG,
      viaTarget({ auth: 'password', user: user.name, key_file: undefined, secret: SSH_PASSWORD }),
    );
    expectConnected(await call('connections.testSaved', { id: conn.id }));
    expect(readFileSync(join(core.dataDir, 'benchphant.sqlite')).includes(SSH_PASSWORD)).toBe(
      false,
    );
    const wrong = await call('connections.test', {
      ...PG,
      ssh: viaTarget({ auth: 'password', user: user.name, key_file: undefined, secret: 'nope' }),
    });
    expect(wrong).toMatchObject({ success: false, code: 'AUTH_FAILED' });
    expect(wrong.message).toContain(`SSH authentication failed for ${user.name}@127.0.0.1`);
  });

  it.each([
    ['PostgreSQL', PG],
    ['MariaDB', MY],
  ] as const)(
    'one jump host (ProxyJump) to %s, each hop with its own credentials',
    async (_n, db) => {
      const before = jump.sessions();
      const conn = await create(
        db,
        viaTarget({
          auth: 'password',
          user: user.name,
          key_file: undefined,
          secret: SSH_PASSWORD,
          jumps: [
            {
              host: '127.0.0.1',
              port: jump.port,
              user: 'root',
              auth: 'key',
              key_file: lockedKey.privateFile,
              secret: PASSPHRASE,
            },
          ],
        }),
      );
      expect(conn.ssh?.jumps[0]).toMatchObject({ port: jump.port, has_secret: true });
      const params = await core.connections.resolveParams(conn.id);
      expect(params.host).toBe('127.0.0.1');
      expect(jump.sessions()).toBe(before + 1);
      const r = await call('connections.testSaved', { id: conn.id });
      expectConnected(r);
      // The test reused the connection's tunnel: still one session through the jump host.
      expect(jump.sessions()).toBe(before + 1);
    },
  );

  it('a host alias from ~/.ssh/config: HostName, Port, User, IdentityFile and ProxyJump', async () => {
    writeFileSync(
      join(home.path, '.ssh', 'config'),
      [
        'Host bp-bastion',
        '  HostName 127.0.0.1',
        `  Port ${jump.port}`,
        '  User root',
        `  IdentityFile ${plainKey.privateFile}`,
        'Host bp-db-gateway',
        '  HostName 127.0.0.1',
        `  Port ${target.port}`,
        '  User root',
        `  IdentityFile ${plainKey.privateFile}`,
        '  ProxyJump bp-bastion',
        '',
      ].join('\n'),
    );
    const before = jump.sessions();
    const conn = await create(PG, { host: 'bp-db-gateway', auth: 'key', jumps: [] });
    const r = await call('connections.testSaved', { id: conn.id });
    expectConnected(r);
    expect(jump.sessions()).toBe(before + 1);
  });

  it('32 clients of a benchmark share ONE SSH session, and the tunnel comes back after a drop', async () => {
    const conn = await create(PG, viaTarget());
    await noSessions(target);
    const params = await core.connections.resolveParams(conn.id);
    const clients = await Promise.all(Array.from({ length: 32 }, () => openClient(params)));
    try {
      const rows = await Promise.all(clients.map((c, i) => c.query('SELECT $1::int AS n', [i])));
      expect(rows.map((r) => r.rows[0]?.n)).toEqual(Array.from({ length: 32 }, (_, i) => i));
      expect(target.sessions()).toBe(1);
      // A second resolve (as a benchmark's next phase) reuses the same tunnel.
      expect((await core.connections.resolveParams(conn.id)).port).toBe(params.port);

      await target.dropSessions();
      await expect(clients[0]!.query('SELECT 1')).rejects.toThrow();
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    }
    const again = await openClient(params);
    try {
      expect((await again.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    } finally {
      await again.close();
    }
    expect(target.sessions()).toBe(1);
    expectConnected(await call('connections.testSaved', { id: conn.id }));
  });

  it('a real benchmark with 32 threads runs through one tunnel', async () => {
    const conn = await create(PG, viaTarget());
    await noSessions(target);
    const started = await call('runs.start', {
      connection_id: conn.id,
      type: 'select_only',
      duration: 2,
      threads: 32,
      warmup: 0,
      schema: 'bp_sshf_bench',
      parameters: { scale: 1 },
    });
    let peak = 0;
    let status: string = started.status;
    const deadline = Date.now() + 90_000;
    while (status !== 'completed' && status !== 'failed' && Date.now() < deadline) {
      peak = Math.max(peak, target.sessions());
      status = (await call('runs.get', { id: started.id })).status;
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = await call('runs.get', { id: started.id });
    expect(result, JSON.stringify(result).slice(0, 800)).toMatchObject({ status: 'completed' });
    expect(result.metrics.tps).toBeGreaterThan(0);
    expect(peak).toBe(1);
  });

  it('edited SSH settings get a new tunnel without cutting the clients of the old one', async () => {
    const conn = await create(PG, viaTarget());
    const before = await core.connections.resolveParams(conn.id);
    const client = await openClient(before);
    try {
      await call('connections.update', {
        id: conn.id,
        ssh: viaTarget({ key_file: lockedKey.privateFile, secret: PASSPHRASE }),
      });
      const after = await core.connections.resolveParams(conn.id);
      expect(after.port).not.toBe(before.port);
      expect((await client.query('SELECT 2 AS two')).rows[0]).toEqual({ two: 2 });
    } finally {
      await client.close();
    }
  });

  it('refuses a CHANGED host key with a man-in-the-middle warning, and will not accept it', async () => {
    await noSessions(target);
    await target.regenerateHostKey();
    const r = await call('connections.test', { ...PG, ssh: viaTarget() });
    expect(r).toMatchObject({ success: false, code: 'SSH_HOST_KEY_CHANGED' });
    expect(r.message).toMatch(/CHANGED/);
    expect(r.message).toMatch(/man-in-the-middle/);
    await expect(call('connections.acceptHostKey', r.host_key!)).rejects.toMatchObject({
      code: 'REFUSED',
    });
  });
});
