// Runs in the renderer. A screen's row of tabs (the ARIA tabs pattern: one tab stop, arrow keys move
// between tabs); the caller renders the panel with id `${idPrefix}-panel`.
import type { KeyboardEvent } from 'react';

export interface TabBarProps<T extends string> {
  tabs: readonly { id: T; label: string }[];
  current: T;
  onChange: (tab: T) => void;
  /** Names the tab list for screen readers. */
  label: string;
  /** Prefix of the tabs' ids (`${idPrefix}-tab-${id}`) and of the panel's (`${idPrefix}-panel`). */
  idPrefix: string;
}

export function TabBar<T extends string>({
  tabs,
  current,
  onChange,
  label,
  idPrefix,
}: TabBarProps<T>) {
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.id === current);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (!next) return;
    onChange(next.id);
    document.getElementById(`${idPrefix}-tab-${next.id}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.id}`}
          aria-selected={current === t.id}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={current === t.id ? 0 : -1}
          className={`tab ${current === t.id ? 'is-active' : ''}`}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
