// Runs in the renderer. A titled canvas chart with its two downloads, SVG and PNG, made from the
// chart as drawn (theme colours included) plus its title and legend.
import { type ReactNode, useRef, useState } from 'react';
import { canvasChartToSvg, svgToPng } from '../../components/chart-export';
import { downloadFile } from '../../components/download-file';
import { errorMessage } from '../../api/api-error';
import { slug } from './format';

export interface ChartFigureProps {
  title: string;
  testId: string;
  legend: readonly { label: string; color: string }[];
  children: ReactNode;
  /** Shown under the title: how to read the chart. */
  note?: string;
}

export function ChartFigure({ title, testId, legend, children, note }: ChartFigureProps) {
  const plot = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async (format: 'svg' | 'png') => {
    setError(null);
    const canvas = plot.current?.querySelector<HTMLCanvasElement>('.uplot canvas');
    if (!canvas) {
      setError('The chart has not been drawn yet; try again in a moment.');
      return;
    }
    try {
      const text = canvasChartToSvg(canvas, { title, legend });
      const name = `benchphant-${slug(title)}`;
      if (format === 'svg') downloadFile(text, `${name}.svg`, 'image/svg+xml');
      else downloadFile(await svgToPng(text), `${name}.png`);
    } catch (err) {
      setError(`The ${format.toUpperCase()} could not be made: ${errorMessage(err)}`);
    }
  };

  return (
    <figure className="results-chart" data-testid={testId}>
      <figcaption>
        {title}
        {note && <span className="results-chart-note">{note}</span>}
      </figcaption>
      <div className="results-chart-actions" role="group" aria-label={`Download ${title}`}>
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          aria-label={`Download ${title} as SVG`}
          onClick={() => void save('svg')}
        >
          SVG
        </button>
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          aria-label={`Download ${title} as PNG`}
          onClick={() => void save('png')}
        >
          PNG
        </button>
      </div>
      <div ref={plot} className="results-chart-plot">
        {children}
      </div>
      {error && (
        <p className="field-error results-chart-plot" role="alert">
          {error}
        </p>
      )}
    </figure>
  );
}
