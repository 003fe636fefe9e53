// Planning SSH hops the way OpenSSH reads ~/.ssh/config: the alias's HostName, Port, User,
// IdentityFile and ProxyJump, with the form's own values taking precedence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planSshHops, type SshEnvironment } from '../../../../main/core/connections/ssh-config';
import { makeTempDir, type TempDir } from '../../../support/temp-dir';

let dir: TempDir;
let env: SshEnvironment;

beforeEach(() => {
  dir = makeTempDir('bp-sshf-cfg-');
  env = { configFile: join(dir.path, 'config'), localUser: 'me', home: '/home/me' };
  writeFileSync(
    env.configFile,
    [
      'Host bastion',
      '  HostName bastion.example.com',
      '  Port 2200',
      '  User jumper',
      '  IdentityFile ~/.ssh/id_bastion',
      'Host inner',
      '  HostName 10.1.2.3',
      '  ProxyJump bastion',
      'Host db-gw',
      '  HostName 10.9.9.9',
      '  User gw',
      '  IdentityFile %d/.ssh/id_%r',
      '  ProxyJump ops@inner:2022,bastion',
      'Match exec "touch /tmp/should-never-run"',
      '  User hacked',
      '',
    ].join('\n'),
  );
});
afterEach(() => dir.remove());

describe('planSshHops', () => {
  it('uses defaults without a config entry: port 22, the local user', async () => {
    expect(await planSshHops({ host: 'plain.example', auth: 'agent', jumps: [] }, env)).toEqual([
      { alias: 'plain.example', host: 'plain.example', port: 22, user: 'me', auth: 'agent' },
    ]);
  });

  it('resolves an alias, expands IdentityFile, and follows a nested ProxyJump', async () => {
    const hops = await planSshHops({ host: 'db-gw', auth: 'key', jumps: [] }, env);
    expect(hops.map((h) => `${h.user}@${h.host}:${h.port}`)).toEqual([
      'jumper@bastion.example.com:2200',
      'ops@10.1.2.3:2022',
      'jumper@bastion.example.com:2200',
      'gw@10.9.9.9:22',
    ]);
    expect(hops[0]).toMatchObject({ auth: 'key', keyFile: '/home/me/.ssh/id_bastion' });
    expect(hops[1]).toMatchObject({ auth: 'agent' });
    expect(hops[3]).toMatchObject({ auth: 'key', keyFile: '/home/me/.ssh/id_gw' });
  });

  it('lets the form override the config, and explicit jump hosts replace ProxyJump', async () => {
    const hops = await planSshHops(
      {
        host: 'inner',
        port: 2023,
        user: 'alice',
        auth: 'password',
        secret: 'pw',
        jumps: [{ host: 'bastion', auth: 'agent' }],
      },
      env,
    );
    expect(hops).toEqual([
      { alias: 'bastion', host: 'bastion.example.com', port: 2200, user: 'jumper', auth: 'agent' },
      {
        alias: 'inner',
        host: '10.1.2.3',
        port: 2023,
        user: 'alice',
        auth: 'password',
        secret: 'pw',
      },
    ]);
  });

  it('never runs Match exec commands', async () => {
    const hops = await planSshHops({ host: 'plain.example', auth: 'agent', jumps: [] }, env);
    expect(hops[0]?.user).toBe('me');
  });
});
