import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultProbeEnv,
  type PerfProbe,
  parsePerfLine,
  perfFromInterval,
  probePerf,
} from '../../../main/core/metrics/perf-counters';
import { tempDir } from './helpers';

const reasonOf = (p: PerfProbe): string => (p.available ? 'available' : p.reason);

function fakeSys(pmus: string[], paranoid: string | null) {
  const root = tempDir();
  for (const p of pmus)
    mkdirSync(join(root, 'sys', 'bus', 'event_source', 'devices', p), { recursive: true });
  mkdirSync(join(root, 'proc', 'sys', 'kernel'), { recursive: true });
  if (paranoid !== null)
    writeFileSync(join(root, 'proc', 'sys', 'kernel', 'perf_event_paranoid'), paranoid);
  const bin = join(root, 'bin');
  mkdirSync(bin);
  return { root, sysRoot: join(root, 'sys'), procRoot: join(root, 'proc'), bin };
}

describe('perf counter availability', () => {
  it('says why on this machine (a VM without a PMU), without starting a process', () => {
    expect(reasonOf(probePerf(defaultProbeEnv()))).toContain('no hardware performance counters');
  });

  it('names each reason', () => {
    const noPmu = fakeSys(['software', 'tracepoint'], '2');
    expect(reasonOf(probePerf({ ...noPmu, path: noPmu.bin, isRoot: true }))).toContain(
      'no CPU PMU',
    );

    const paranoid = fakeSys(['cpu', 'software'], '2');
    expect(probePerf({ ...paranoid, path: paranoid.bin, isRoot: false })).toMatchObject({
      reason:
        'kernel.perf_event_paranoid is 2; system-wide counters need 0 or less, or CAP_PERFMON',
    });

    const noTool = fakeSys(['cpu'], '-1');
    expect(reasonOf(probePerf({ ...noTool, path: noTool.bin, isRoot: false }))).toContain(
      'perf tool is not installed',
    );

    const ok = fakeSys(['cpu', 'uncore_imc_0'], '0');
    writeFileSync(join(ok.bin, 'perf'), '');
    expect(probePerf({ ...ok, path: ok.bin, isRoot: false })).toEqual({
      available: true,
      perfBinary: join(ok.bin, 'perf'),
      uncoreImc: true,
    });
  });
});

describe('perf stat output', () => {
  it('turns one interval into per-second figures and IPC', () => {
    const text = [
      '     1.001,2000000000,,cycles,1000,100.00,,',
      '     1.001,3000000000,,instructions,1000,100.00,1.50,insn per cycle',
      '     1.001,<not supported>,,l2_rqsts.miss,0,100.00,,',
      '     1.001,5000,,LLC-load-misses,1000,100.00,,',
      '     1.001,1024.00,MiB,uncore_imc/data_reads/,1000,100.00,,',
      '# started on',
    ];
    const lines = text.map(parsePerfLine).filter((l) => l !== null);
    expect(lines).toHaveLength(5);
    const d = perfFromInterval(lines, 1);
    expect(d).toMatchObject({
      available: true,
      cycles: 2e9,
      instructions: 3e9,
      ipc: 1.5,
      l2_cache_misses: null,
      llc_misses: 5000,
    });
    expect(d.memory_bandwidth_read_mbps).toBeCloseTo(1073.741824);
    expect(d.memory_bandwidth_write_mbps).toBeNull();
  });
});
