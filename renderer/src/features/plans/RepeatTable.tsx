// Runs in the renderer. A repeat's result: each figure's mean over the completed runs with its 95%
// confidence interval (Student t), as the plan's statistics report it; a figure whose interval is
// wider than ±10 % of its mean is marked too noisy to quote.
import { ciSpread, FIGURES, type FigureStats, NOISY_CI } from '../../../../shared/contract/plans';
import { FIGURE_LABELS, figureText, plusMinus } from './format';

/** The figures whose interval is wider than ±10 % of the mean: the table says so above itself. */
export const noisyFigures = (stats: FigureStats) =>
  FIGURES.filter((f) => (ciSpread(stats[f]) ?? 0) > NOISY_CI);

export function RepeatTable({ stats }: { stats: FigureStats }) {
  const noisy = noisyFigures(stats);
  return (
    <>
      {noisy.length > 0 && (
        <p className="notice notice-warning" role="status" data-testid="plan-too-noisy">
          Too noisy: run longer. The 95% confidence interval of{' '}
          {noisy.map((f) => FIGURE_LABELS[f]).join(', ')} is wider than ±{NOISY_CI * 100} % of the
          mean; longer runs or more repetitions narrow it.
        </p>
      )}
      <table className="plan-table" data-testid="plan-ci-table">
        <caption>
          Mean and 95% confidence interval (Student t) over {stats.qps.n} completed runs
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Mean</th>
            <th scope="col">95% CI</th>
            <th scope="col">Low</th>
            <th scope="col">High</th>
          </tr>
        </thead>
        <tbody>
          {FIGURES.map((f) => (
            <tr key={f} data-testid={`ci-${f}`}>
              <th scope="row">{FIGURE_LABELS[f]}</th>
              <td>{figureText(f, stats[f].mean)}</td>
              <td data-noisy={noisy.includes(f) || undefined}>{plusMinus(f, stats[f])}</td>
              <td>{figureText(f, stats[f].ci_low)}</td>
              <td>{figureText(f, stats[f].ci_high)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
