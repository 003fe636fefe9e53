// The Results screen's pure logic: the nines axis, how deltas read, the filter translation and
// the overlay of several runs' series.
import { describe, expect, it } from 'vitest';
import { describeDelta } from '../../../renderer/src/features/results/delta';
import { distinctLabels, figure, slug } from '../../../renderer/src/features/results/format';
import {
  parseTags,
  toListFilter,
  EMPTY_FILTER,
} from '../../../renderer/src/features/results/filters';
import { columnsMax, overlayColumns } from '../../../renderer/src/features/results/overlay';
import { fromNines, ninesLabel, ninesTicks } from '../../../renderer/src/features/results/nines';

describe('nines axis', () => {
  it('labels whole nines as percentiles', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(ninesLabel)).toEqual([
      '0',
      '90',
      '99',
      '99.9',
      '99.99',
      '99.999',
      '99.9999',
    ]);
  });

  it('labels positions between whole nines to the precision they need', () => {
    expect(ninesLabel(Math.log10(2))).toBe('50');
    expect(ninesLabel(-Math.log10(1 - 0.995))).toBe('99.5');
    expect(ninesLabel(-Math.log10(1 - 0.9995))).toBe('99.95');
  });

  it('maps positions back to percentiles', () => {
    expect(fromNines(0)).toBe(0);
    expect(fromNines(1)).toBeCloseTo(90, 10);
    expect(fromNines(3)).toBeCloseTo(99.9, 10);
  });

  it('ticks from 0 up to the first whole nine at or past the deepest point', () => {
    expect(ninesTicks(0.5)).toEqual([0, 1]);
    expect(ninesTicks(2)).toEqual([0, 1, 2]);
    expect(ninesTicks(2.0000000001)).toEqual([0, 1, 2]);
    expect(ninesTicks(3.2)).toEqual([0, 1, 2, 3, 4]);
    expect(ninesTicks(42)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('delta of a figure against the baseline', () => {
  it('says the baseline is the baseline', () => {
    expect(describeDelta({ value: 10, delta_percent: null, verdict: 'baseline' })).toEqual({
      tone: 'baseline',
      arrow: '',
      text: 'baseline',
      label: 'the baseline',
    });
  });

  it('gives direction by arrow and sign, and goodness by the verdict in words too', () => {
    // Throughput up: better; latency up: worse. The arrow shows the change, the tone its meaning.
    const qpsUp = describeDelta({ value: 1123, delta_percent: 12.3, verdict: 'better' });
    expect(qpsUp).toMatchObject({ tone: 'better', arrow: '▲', text: '+12.3 %' });
    expect(qpsUp.label).toBe('12.3 % higher than the baseline, better');
    const p99Up = describeDelta({ value: 4.2, delta_percent: 40, verdict: 'worse' });
    expect(p99Up).toMatchObject({ tone: 'worse', arrow: '▲', text: '+40.0 %' });
    expect(p99Up.label).toBe('40.0 % higher than the baseline, worse');
    const p99Down = describeDelta({ value: 1, delta_percent: -55.55, verdict: 'better' });
    expect(p99Down).toMatchObject({ tone: 'better', arrow: '▼', text: '−55.5 %' });
    expect(p99Down.label).toBe('55.5 % lower than the baseline, better');
  });

  it('keeps small changes as "about the same" and big ones without decimals', () => {
    expect(describeDelta({ value: 1, delta_percent: -0.4, verdict: 'same' })).toMatchObject({
      tone: 'same',
      arrow: '▼',
      text: '−0.40 %',
      label: '0.40 % lower than the baseline, about the same',
    });
    expect(describeDelta({ value: 1, delta_percent: 0, verdict: 'same' })).toMatchObject({
      arrow: '=',
      text: '±0.00 %',
      label: 'unchanged from the baseline, about the same',
    });
    expect(describeDelta({ value: 1, delta_percent: 250.4, verdict: 'worse' }).text).toBe('+250 %');
    // Past 1 000 % a percentage stops being readable: the ratio to the baseline says it.
    expect(describeDelta({ value: 20.2, delta_percent: 1920, verdict: 'worse' })).toMatchObject({
      arrow: '▲',
      text: '×20.2',
      label: '20.2 times the baseline, worse',
    });
  });

  it('says why there is no percentage when the baseline figure is zero', () => {
    expect(describeDelta({ value: 3, delta_percent: null, verdict: 'worse' })).toMatchObject({
      tone: 'none',
      text: '–',
      label: 'no percentage: the baseline figure is zero',
    });
  });
});

describe('run list filters', () => {
  it('leaves out empty fields', () => {
    expect(toListFilter(EMPTY_FILTER)).toEqual({ filter: {}, error: null });
    expect(toListFilter({ ...EMPTY_FILTER, type: 'nonsense', status: 'nope' })).toEqual({
      filter: {},
      error: null,
    });
  });

  it('passes every filter and turns days into local-midnight instants, "to" inclusive', () => {
    const { filter } = toListFilter({
      connection_id: 'c1',
      type: 'oltp_read_only',
      tag: ' after index ',
      status: 'completed',
      from: '2026-03-01',
      to: '2026-03-02',
      search: '  pg16 ',
    });
    expect(filter).toEqual({
      connection_id: 'c1',
      type: 'oltp_read_only',
      tag: 'after index',
      status: 'completed',
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 2, 3).toISOString(),
      search: 'pg16',
    });
  });

  it('refuses a range that ends before it starts, or a malformed day', () => {
    expect(toListFilter({ ...EMPTY_FILTER, from: '2026-03-02', to: '2026-03-01' })).toEqual({
      filter: null,
      error: 'The "To" day is before the "From" day; swap them.',
    });
    expect(toListFilter({ ...EMPTY_FILTER, from: '2026-3-2' }).error).toMatch(/full days/);
  });

  it('reads tags from one comma-separated line', () => {
    expect(parseTags(' after index change, pg16,, pg16 , ')).toEqual([
      'after index change',
      'pg16',
    ]);
    expect(parseTags('')).toEqual([]);
  });
});

describe('overlay of several runs', () => {
  it('puts each run in its own column on the union of x values, a missing point undefined (spanned, not broken)', () => {
    const a = { x: [2, 1, 4], y: [20, 10, null] };
    const b = { x: [3, 2], y: [300, 200] };
    const cols = overlayColumns([a, b, { x: [], y: [] }]);
    expect(cols).toEqual({
      xs: [1, 2, 3, 4],
      ys: [
        [10, 20, undefined, undefined],
        [undefined, 200, 300, undefined],
        [undefined, undefined, undefined, undefined],
      ],
    });
    expect(columnsMax(cols)).toBe(300);
  });
});

describe('figures', () => {
  it('writes table figures in their unit and file names from titles', () => {
    expect(figure(0.41234, 'ms')).toBe('0.412 ms');
    expect(figure(42.123, 'ms')).toBe('42.12 ms');
    expect(figure(1234.6, 'queries/s')).toBe('1,235');
    expect(figure(1520.3, 'ms')).toBe('1.52 s');
    expect(slug('Latency p99 (ms)')).toBe('latency-p99-ms');
  });

  it('tells runs with the same label apart, leaving unique labels alone', () => {
    expect(
      distinctLabels(['pg · 1 thread', 'pg · 4 threads', 'pg · 1 thread', 'pg · 1 thread']),
    ).toEqual(['pg · 1 thread #1', 'pg · 4 threads', 'pg · 1 thread #2', 'pg · 1 thread #3']);
    expect(distinctLabels(['a', 'b'])).toEqual(['a', 'b']);
  });
});
