// The sysbench workloads draw their row ids as sysbench does: each --rand-type against sysbench's
// own generator (the sysbench binary, run on a Lua script that prints its draws). That C++ draws
// the same ids as JavaScript is native-addon.test.ts's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalCode } from '../../../main/core/benchmark/workloads/expr';
import { Rng } from '../../../main/core/benchmark/workloads/rng';
import { sysbenchIdCode } from '../../../main/core/benchmark/workloads/sysbench';
import type { ParamValue } from '../../../main/core/benchmark/workloads/spec';

const SIZE = 10_000;
const DRAWS = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'bp-sysbench-rand-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** DRAWS of sysbench.rand.default(1, SIZE) (what oltp_common.lua's get_id() returns). */
function sysbenchDraws(options: string[]): number[] {
  const script = join(dir, 'draws.lua');
  writeFileSync(
    script,
    `function prepare()\n  for i = 1, ${DRAWS} do io.write(sysbench.rand.default(1, ${SIZE}), "\\n") end\nend\n`,
  );
  // sysbench is what the comparison is against: a machine without it fails here, with the reason.
  const out = execFileSync('sysbench', [...options, script, 'prepare'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return out
    .split('\n')
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
}

function ourDraws(params: Record<string, ParamValue>, seed: number): number[] {
  const code = sysbenchIdCode(params, SIZE);
  const rng = new Rng(seed, 0, 0);
  const stack: number[] = [];
  return Array.from({ length: DRAWS }, () => evalCode(code, [], rng, stack));
}

/** The largest gap between the two samples' cumulative distributions (two-sample Kolmogorov-Smirnov). */
function ksDistance(a: number[], b: number[]): number {
  const count = (xs: number[]) => {
    const c = new Float64Array(SIZE + 2);
    for (const x of xs) c[x]! += 1;
    return c;
  };
  const ca = count(a);
  const cb = count(b);
  let fa = 0;
  let fb = 0;
  let worst = 0;
  for (let v = 0; v <= SIZE + 1; v++) {
    fa += ca[v]! / a.length;
    fb += cb[v]! / b.length;
    worst = Math.max(worst, Math.abs(fa - fb));
  }
  return worst;
}

// [our parameters, sysbench's options]
const CASES: [Record<string, ParamValue>, string[]][] = [
  [{}, []],
  [{ rand_type: 'uniform' }, ['--rand-type=uniform']],
  [{ rand_type: 'gaussian' }, ['--rand-type=gaussian']],
  [{ rand_type: 'pareto' }, ['--rand-type=pareto']],
  [
    { rand_type: 'special', rand_spec_pct: 5, rand_spec_res: 50, rand_spec_iter: 3 },
    ['--rand-type=special', '--rand-spec-pct=5', '--rand-spec-res=50', '--rand-spec-iter=3'],
  ],
  [{ rand_type: 'pareto', rand_pareto_h: 0.4 }, ['--rand-type=pareto', '--rand-pareto-h=0.4']],
];

describe('sysbench row ids', () => {
  it.each(CASES)('%j draws ids distributed as sysbench %j draws them', (params, options) => {
    const theirs = sysbenchDraws(options);
    expect(theirs).toHaveLength(DRAWS);
    const ours = ourDraws(params, 7);
    expect(Math.min(...ours)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ours)).toBeLessThanOrEqual(SIZE);
    // Two samples of 100,000 from one distribution differ by 0.009 at most one time in a thousand;
    // uniform against 'special' differs by about 0.4.
    expect(ksDistance(ours, theirs)).toBeLessThan(0.009);
  });

  it('sysbench’s default sends three draws in four to the middle 1 % of the rows, and so do we', () => {
    const hot = (xs: number[]) => xs.filter((x) => x >= 4950 && x <= 5051).length / xs.length;
    expect(hot(ourDraws({}, 11))).toBeGreaterThan(0.75);
    expect(Math.abs(hot(ourDraws({}, 11)) - hot(sysbenchDraws([])))).toBeLessThan(0.01);
    expect(hot(ourDraws({ rand_type: 'uniform' }, 11))).toBeLessThan(0.02);
  });

  it('refuses a distribution sysbench does not have, and shapes out of range', () => {
    expect(() => sysbenchIdCode({ rand_type: 'zipf' }, SIZE)).toThrow(
      'rand_type must be one of special, uniform, gaussian, pareto (got zipf)',
    );
    expect(() => sysbenchIdCode({ rand_spec_res: 100 }, SIZE)).toThrow(
      'rand_spec_res is at most 99: a percentage of the draws, below 100 (got 100)',
    );
    expect(() => sysbenchIdCode({ rand_type: 'pareto', rand_pareto_h: 1 }, SIZE)).toThrow(
      'rand_pareto_h is at most 0.999',
    );
  });
});
