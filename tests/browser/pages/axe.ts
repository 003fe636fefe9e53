// Test helper: an accessibility pass with axe-core on the page as it is. The script goes in through
// the DevTools protocol (page.evaluate), which the app's CSP does not govern, so no CSP rule is
// loosened for the test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const AXE = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
);

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical WCAG 2 A/AA violations on the page (or inside `scope`). */
export async function seriousViolations(page: Page, scope?: string): Promise<AxeFinding[]> {
  // Tests compile without the DOM library; these run in the page, where axe and document exist.
  type AxeGlobal = { axe?: unknown };
  const loaded = await page.evaluate(() => (globalThis as AxeGlobal).axe !== undefined);
  if (!loaded) await page.evaluate(AXE);
  // A colour read mid-transition (a button turning enabled as data arrives) is a blend of two
  // states and fails contrast on a frame nobody looks at: let finite transitions end first.
  await page.evaluate(async () => {
    type Anim = {
      finished: Promise<unknown>;
      effect: { getComputedTiming(): { iterations?: number } } | null;
    };
    const doc = (globalThis as unknown as { document: { getAnimations(): Anim[] } }).document;
    await Promise.all(
      doc
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    );
  });
  return page.evaluate(async (within) => {
    type Node = { target: string[] };
    type Violation = { id: string; impact: string | null; help: string; nodes: Node[] };
    type Axe = {
      run(context: unknown, options: unknown): Promise<{ violations: Violation[] }>;
    };
    const g = globalThis as unknown as {
      axe: Axe;
      document: { querySelector(s: string): unknown };
    };
    const context = within ? g.document.querySelector(within) : g.document;
    const result = await g.axe.run(context, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
  }, scope ?? null);
}
