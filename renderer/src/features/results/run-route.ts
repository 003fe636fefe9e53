// Runs in the renderer. Where a run's page lives: under the Results screen, so the sidebar keeps
// Results current and a reload or a shared link opens the same page.
export const runPageHref = (id: string): string => `#/results/runs/${encodeURIComponent(id)}`;

export const RESULTS_HREF = '#/results';

/** The run id of a Results sub-route (['runs', id]), or null for the list. */
export const runIdOf = (rest: readonly string[]): string | null =>
  rest[0] === 'runs' && rest[1] ? rest[1] : null;

/** A comparison of saved runs, the first the baseline: what a scheduled execution links to. */
export const compareHref = (ids: readonly string[]): string =>
  `#/results/compare/${ids.map(encodeURIComponent).join('/')}`;

/** The run ids of a comparison sub-route (['compare', a, b, …]), or null. */
export const compareIdsOf = (rest: readonly string[]): string[] | null =>
  rest[0] === 'compare' && rest.length >= 3 ? rest.slice(1) : null;
