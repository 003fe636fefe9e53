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
