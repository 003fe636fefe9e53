// Runs in the renderer. The recharts axis and tooltip look every chart shares, in the theme's CSS
// variables so light and dark follow without a re-render.
export const AXIS = { stroke: 'var(--text-faint)', fontSize: 11 } as const;

export const TOOLTIP_STYLE = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  color: 'var(--text)',
  fontSize: 12,
} as const;

/** The label of a shaded stretch of a chart (warm-up, no data, a partial interval). */
export const areaLabel = (value: string, position: 'insideTop' | 'insideTopRight' = 'insideTop') =>
  ({ value, position, fontSize: 11, fill: 'var(--text-muted)' }) as const;

/** A shaded stretch in the theme's faint colour. */
export const SHADE = { fill: 'var(--text-faint)', fillOpacity: 0.12 } as const;
