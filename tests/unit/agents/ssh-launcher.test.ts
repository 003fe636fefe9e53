// The ssh launcher's shell words: run ids, paths and the Node command reach a remote `sh -c` and
// must arrive as one word each, whatever they contain; `~/` must still mean the remote home.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeMajor, remotePath, shellWord } from '../../../main/core/agents/launchers/ssh';

/** What sh makes of `printf '%s\n' <words>`: one line per word it saw. */
const words = (script: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync('sh', ['-c', `printf '%s\\n' ${script}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  })
    .split('\n')
    .slice(0, -1);

describe('shell words for the remote command', () => {
  it('keeps quotes, spaces, $ and ; inside one word', () => {
    const nasty = `it's a "run"; $(touch /tmp/x) \`id\` $HOME`;
    expect(words(shellWord(nasty))).toEqual([nasty]);
    expect(words(`${shellWord('a b')} ${shellWord('')}`)).toEqual(['a b', '']);
  });

  it('expands ~/ to the remote home and quotes the rest', () => {
    expect(words(remotePath('~/.cache/bench phant'), { HOME: '/home/load' })).toEqual([
      '/home/load/.cache/bench phant',
    ]);
    expect(words(remotePath('~'), { HOME: '/home/load' })).toEqual(['/home/load']);
    expect(words(remotePath('/opt/$x'), { HOME: '/home/load' })).toEqual(['/opt/$x']);
  });
});

describe('the remote Node version', () => {
  it('reads the major version of `node --version`', () => {
    expect(nodeMajor('v24.21.0\n')).toBe(24);
    expect(nodeMajor('v20.20.2')).toBe(20);
    expect(nodeMajor('bash: node: command not found')).toBeNull();
  });
});
