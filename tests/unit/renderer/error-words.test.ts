// The UI's own words: every error code the wire (and the client itself) can carry has a sentence,
// and no message of the core reaches a person naming an API field, an operation, an internal id
// or a raw ISO time: the renderer's one map rewrites them into the words of the controls.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHODS, operations } from '../../../shared/contract';
import type { ImportFix } from '../../../shared/contract/tenant-ops';
import { ERROR_CODES } from '../../../shared/errors';
import { fixText, problemsText } from '../../../shared/model/import-plan-words';
import { ApiError, errorMessage } from '../../../renderer/src/api/api-error';
import {
  ALL_ERROR_CODES,
  ERROR_WORDS,
  errorText,
  uiText,
} from '../../../renderer/src/api/error-words';
import { timeRange } from '../../../renderer/src/components/figure-format';
import { outageVerdict } from '../../../main/core/benchmark/warnings';

const CORE = join(import.meta.dirname, '..', '..', '..', 'main', 'core');

/** The top-level field names of every operation's input: the API's own words. */
function inputFields(): string[] {
  const keys = (schema: unknown, seen = new Set<unknown>()): string[] => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return [];
    seen.add(schema);
    const s = schema as { shape?: object; def?: Record<string, unknown> };
    if (s.shape) return Object.keys(s.shape);
    const d = s.def ?? {};
    const options = Array.isArray(d.options) ? (d.options as unknown[]) : [];
    return [d.innerType, d.in, d.schema, ...options].flatMap((x) => keys(x, seen));
  };
  // Single words ("query", "name") are English too; the API's own are the snake_case ones.
  return [...new Set(METHODS.flatMap((m) => keys(operations[m].input)))].filter((k) =>
    k.includes('_'),
  );
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });

/** Every string and template literal inside a `new AppError(…)` call of the core, placeholders filled. */
function coreMessages(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const literal = /`(?:[^`\\$]|\\.|\$\{(?:[^{}]|\{[^{}]*\})*\}|\$)*`|'(?:[^'\\\n]|\\.)*'/g;
  for (const file of walk(CORE)) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/new AppError\(/g)) {
      // The call's text up to its closing parenthesis (literals skipped while counting).
      let depth = 0;
      let end = m.index;
      for (let i = m.index; i < src.length; i++) {
        const ch = src[i];
        if (ch === '`' || ch === "'") {
          literal.lastIndex = i;
          const lit = literal.exec(src);
          if (lit?.index === i) {
            i += lit[0].length - 1;
            continue;
          }
        }
        if (ch === '(') depth++;
        if (ch === ')' && --depth === 0) {
          end = i;
          break;
        }
      }
      const call = src.slice(m.index, end);
      literal.lastIndex = 0;
      for (const lit of call.matchAll(literal)) {
        const text = lit[0].slice(1, -1).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, 'acme');
        // The code itself ('NOT_FOUND') and short fragments are not sentences.
        if (/^[A-Z_]+$/.test(text) || !text.includes(' ')) continue;
        out.push({ file: file.slice(CORE.length + 1), text });
      }
    }
  }
  return out;
}

/**
 * What a run says to a person besides errors: literals thrown while it runs (its failure message),
 * its warnings, and why it has no statement statistics, in the benchmark and results modules.
 */
function runMessages(): { file: string; text: string }[] {
  const literal = /`(?:[^`\\$]|\\.|\$\{(?:[^{}]|\{[^{}]*\})*\}|\$)*`|'(?:[^'\\\n]|\\.)*'/y;
  const out: { file: string; text: string }[] = [];
  for (const dir of ['benchmark', 'results']) {
    for (const file of walk(join(CORE, dir))) {
      const src = readFileSync(file, 'utf8');
      const starts =
        /(?:new Error\(|\b(?:message|reason|note|caveat|fatal):\s*|\bnone\(|onError\()\s*/g;
      for (const m of src.matchAll(starts)) {
        literal.lastIndex = m.index + m[0].length;
        const lit = literal.exec(src);
        if (!lit) continue;
        const text = lit[0].slice(1, -1).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, 'acme');
        if (text.includes(' ')) out.push({ file: file.slice(CORE.length + 1), text });
      }
    }
  }
  return out;
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_RE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('the UI words for errors', () => {
  it('has a sentence for every error code the wire and the client carry', () => {
    expect(ALL_ERROR_CODES).toEqual(expect.arrayContaining([...ERROR_CODES]));
    for (const code of ALL_ERROR_CODES) {
      const words = ERROR_WORDS[code];
      expect(words, code).toMatch(/^[A-Z].{15,}[.?]$/);
      // Its own words: no code, no field name, no operation.
      expect(words).not.toMatch(/\b[A-Z]+_[A-Z_]+\b|\b[a-z]+_[a-z_]+\b/);
      expect(errorText(code, undefined)).toBe(words);
      expect(errorText(code, '')).toBe(words);
    }
  });

  it('keeps the core’s sentence when it has one, in the UI’s words', () => {
    const err = new ApiError(
      'BAD_INPUT',
      'This statement may write (it is not a plain SELECT/SHOW/EXPLAIN); to run it on 2 tenant databases, send allow_writes: true.',
    );
    expect(errorMessage(err)).toBe(
      'This statement may write (it is not a plain SELECT/SHOW/EXPLAIN); to run it on 2 tenant databases, tick Allow writes.',
    );
    // The API keeps its own wording: only what is shown changes.
    expect(err.message).toContain('allow_writes');
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage('a string')).toBe(ERROR_WORDS.INTERNAL);
  });

  it('rewrites the import, plan and delete wording into the controls’ words', () => {
    expect(
      uiText(
        "The tenant database has no table orders: the workspace's blueprint lacks it; deploy a version with it (import-full does) or import with shared_tables=skip if it has no routing column.",
      ),
    ).toContain('choose Leave out under Tables without it');
    expect(
      uiText(
        "The blueprint's table orders has no column org_id; import with drop_routing_column=true.",
      ),
    ).toBe(
      "The blueprint's table orders has no column org_id; tick Leave the routing column out of the tenants’ tables.",
    );
    expect(
      uiText('Even the first step (100/s) broke p95 < 5 ms: too slow. Lower start_rate.'),
    ).toBe('Even the first step (100/s) broke p95 < 5 ms: too slow. Lower the Start rate.');
    expect(
      uiText('3 tables without it (a, b, c) are skipped (shared_tables=skip); 2 tenants found.'),
    ).toBe('3 tables without it (a, b, c) are skipped; 2 tenants found.');
  });

  it('says each fix of a predicted import failure as the wizard’s control', () => {
    const fixes: ImportFix[] = [
      { option: 'leave_out', table: 'events' },
      { option: 'drop_routing_column', value: true },
      { option: 'drop_routing_column', value: false },
      { option: 'import_schema' },
      { option: 'create_tenants' },
    ];
    expect(fixes.map((f) => uiText(fixText(f)))).toEqual([
      'tick Leave out for events',
      'tick Leave the routing column out of the tenants’ tables',
      'untick Leave the routing column out of the tenants’ tables',
      'tick Import the schema first',
      'tick Create missing tenants from the workspace’s blueprint',
    ]);
    const text = uiText(
      `This import would fail: ${problemsText([
        {
          kind: 'routing_missing',
          table: 'orders',
          column: 'tenant_id',
          message: "Table orders of blueprint 'shop' 1.0 has no column tenant_id.",
          fixes: [
            { option: 'drop_routing_column', value: true },
            { option: 'leave_out', table: 'orders' },
          ],
        },
      ])}`,
    );
    expect(text).toBe(
      "This import would fail: Table orders of blueprint 'shop' 1.0 has no column tenant_id. Resolve: tick Leave the routing column out of the tenants’ tables or tick Leave out for orders.",
    );
  });

  it('names no operation, internal id or raw ISO time', () => {
    expect(
      uiText('Benchphant hit an unexpected error in runs.start; the log has the details.'),
    ).toBe('Benchphant hit an unexpected error; the log has the details.');
    expect(uiText('Change ddl_490cf74b7c80 is left out of the next deploy.')).toBe(
      'The change is left out of the next deploy.',
    );
    expect(uiText('No benchmark run with id 5f0c3a4e-8a8b-4c1e-9d5e-0b3c2a1f9e7d.')).toBe(
      'That benchmark run is not there any more; it may have been deleted.',
    );
    expect(uiText("Connection '5f0c3a4e-8a8b-4c1e-9d5e-0b3c2a1f9e7d' was not found.")).toBe(
      'Connection was not found.',
    );
    const withTime = uiText('The backup of 2026-12-06T18:40:12.345Z is kept.');
    expect(withTime).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(withTime).toMatch(/^The backup of Dec 6, 2026, \d{2}:\d{2} \S+ is kept\.$/);
  });

  it('says an outage’s instants as one local stretch with its zone, the date once', () => {
    const { warning } = outageVerdict(
      { empty: 14, total: 20, ranges: [{ from: 6, to: 20 }], untilEnd: true },
      0.5,
      Date.parse('2026-12-06T15:02:00Z'),
    );
    expect(warning.message).toContain('(2026-12-06T15:02:06Z–2026-12-06T15:02:20Z)');
    const shown = uiText(warning.message);
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // Local time in whatever zone the test runs in: the seconds and the zone are the tell.
    expect(shown).toMatch(/from 6 s to 20 s \(Dec \d+, \d\d:\d\d:06 – \d\d:\d\d:20 \S+\)/);
    expect(shown).toContain(
      `(${timeRange('2026-12-06T15:02:06Z', '2026-12-06T15:02:20Z')}), and it had not come back`,
    );
  });

  it('leaves no API field name in any message the core throws', () => {
    const fields = inputFields();
    expect(fields).toEqual(expect.arrayContaining(['allow_writes', 'shared_tables', 'tenant_id']));
    const messages = coreMessages();
    // The scan must really see the core's messages, not an empty list.
    expect(messages.length).toBeGreaterThan(150);
    expect(messages.some((m) => m.text.includes('drop_routing_column=true'))).toBe(true);
    const leaks = messages.flatMap(({ file, text }) => {
      const shown = uiText(text);
      const named = fields.filter((f) => new RegExp(`\\b${f}\\b`).test(shown));
      const method = METHODS.find((m) => shown.includes(m));
      return named.length > 0 || method
        ? [`${file}: ${shown} [${[...named, method ?? ''].join(' ')}]`]
        : [];
    });
    expect(leaks).toEqual([]);
  });

  it('says a run’s failures, warnings and reasons without the API’s words', () => {
    const fields = inputFields();
    const messages = runMessages();
    // The scan sees the run's warnings and its failures, not an empty list.
    expect(messages.length).toBeGreaterThan(25);
    expect(messages.some((m) => m.text.includes('the latencies include queueing'))).toBe(true);
    expect(messages.some((m) => m.text.includes('measured window began'))).toBe(true);
    const leaks = messages.flatMap(({ file, text }) => {
      const shown = uiText(text);
      const named = fields.filter((f) => new RegExp(`\\b${f}\\b`).test(shown));
      const method = METHODS.find((m) => shown.includes(m));
      const other = [UUID_RE, ISO_RE, /\bthreads\b/].filter((r) => r.test(shown));
      return named.length > 0 || method || other.length > 0 ? [`${file}: ${shown}`] : [];
    });
    expect(leaks).toEqual([]);
  });

  it('fills a run’s messages with the form’s words, not the API’s keys and ids', () => {
    expect(uiText('parameter table_size must be a number of at least 1 (got -5)')).toBe(
      'Rows per table must be a number of at least 1 (got -5)',
    );
    expect(
      uiText(
        'engine native was asked for, but the native engine does not pipeline on MySQL/MariaDB (Connector/C has no pipeline mode)',
      ),
    ).toBe(
      'The native load engine was asked for, but the native engine does not pipeline on MySQL/MariaDB (Connector/C has no pipeline mode)',
    );
    const a = '5f0c3a4e-8a8b-4c1e-9d5e-0b3c2a1f9e7d';
    const b = '0b3c2a1f-9e7d-4c1e-8a8b-5f0c3a4e9d5e';
    expect(
      uiText(
        `Run ${a} imported as ${b}. It was already here as ${a}; delete one copy if you did not mean two.`,
      ),
    ).toBe('The run was imported. It was already here; delete one copy if you did not mean two.');
    expect(uiText('threads: must be at least 1')).toBe('Clients: must be at least 1');
  });
});
