// The HTML report as text: self-contained (no script, no external URL), every run-supplied string
// escaped, one SVG line per run in each chart.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../main/core/results/compare';
import { renderReport } from '../../../main/core/results/report/html';
import { lineChart, niceTicks } from '../../../main/core/results/report/svg-chart';
import { bundle } from './fixture';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 0.7)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(-3, 2)).toEqual([-3, -2, -1, 0, 1, 2]);
  });
});

describe('lineChart', () => {
  it('keeps every point inside the plot, even above the last round tick', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 'a',
          color: '#000',
          points: [
            { x: 0, y: 0 },
            { x: 1, y: 13.4 },
          ],
        },
      ],
    });
    const ys = /points="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    // The plot's top edge is y = 32.
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(32);
  });
});

describe('renderReport', () => {
  const a = bundle({ qps: 1000 });
  const b = bundle({ qps: 1200 });
  b.run.connection = { name: '<img src=x onerror=alert(1)>', type: 'postgresql' };
  b.run.tags = ['"quoted" & <tagged>'];
  const html = renderReport(compareRuns([a, b]), {
    title: 'A </title><script>alert(1)</script>',
    generatedAt: '2026-11-22T10:00:00.000Z',
    generator: 'Benchphant test',
  });

  it('escapes everything that came from a run or the caller', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;tagged&gt;');
    expect(html).toContain('<title>A &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('needs nothing from outside: no URL but the SVG namespace, and a CSP that forbids loading', () => {
    const urls = [...html.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+/gi)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org']));
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
  });

  it('draws one line per run in each chart and the deltas in the table', () => {
    for (const id of ['chart-qps', 'chart-p99', 'chart-spectrum']) {
      const figure = new RegExp(`<figure id="${id}">(.*?)</figure>`, 's').exec(html)![1]!;
      expect(figure.match(/<polyline class="series"/g)).toHaveLength(2);
    }
    expect(html).toMatch(/1,200<span class="delta">\+20\.0% ▲ better<\/span>/);
  });
});

describe('caveats', () => {
  it('flags a run with caveats beside its name and gives each sentence, escaped', () => {
    const calm = bundle();
    const busy = bundle();
    busy.run.warnings = [
      { code: 'saturated', message: 'The run reached 8,100 of the 15,000 tx/s asked for <b>' },
    ];
    busy.run.connection = { name: 'pg-prod-1', type: 'postgresql', deleted: true };
    const html = renderReport(compareRuns([calm, busy]), {
      title: 't',
      generatedAt: '2026-12-06T00:00:00Z',
      generator: 'test',
    });
    expect(html).toContain('<small class="caveat">⚠ saturated</small>');
    expect(html).toContain(
      '<li data-code="saturated"><strong>run 2</strong> (saturated): The run reached 8,100 of the 15,000 tx/s asked for &lt;b&gt;</li>',
    );
    expect(html).toContain('pg-prod-1 (deleted connection)');
    expect(html.match(/<li data-code=/g)).toHaveLength(1);
  });

  it('has no caveats section when no run has one', () => {
    const html = renderReport(compareRuns([bundle(), bundle()]), {
      title: 't',
      generatedAt: '2026-12-06T00:00:00Z',
      generator: 'test',
    });
    expect(html).not.toContain('id="caveats"');
  });
});
