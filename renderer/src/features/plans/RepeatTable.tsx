// Runs in the renderer. A repeat's result: each figure's mean over the completed runs with its 95%
// confidence interval (Student t), as the plan's statistics report it.
import { FIGURES, type FigureStats } from '../../../../shared/contract/plans';
import { FIGURE_LABELS, figureText, plusMinus } from './format';

export function RepeatTable({ stats }: { stats: FigureStats }) {
  return (
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
            <td>{plusMinus(f, stats[f])}</td>
            <td>{figureText(f, stats[f].ci_low)}</td>
            <td>{figureText(f, stats[f].ci_high)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
