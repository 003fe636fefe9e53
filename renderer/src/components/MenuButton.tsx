// Runs in the renderer. A button that opens a short menu of actions (WAI-ARIA menu button): the
// arrow keys move between items, Home/End jump, Escape or Tab closes it and focus returns to the
// button; a click elsewhere closes it too. It is placed fixed under the button (and follows it on
// scroll and resize), so a scrolling table around it cannot clip it.
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import './menu-button.css';

export interface MenuItem {
  key: string;
  label: ReactNode;
  /** The accessible name when the label alone is ambiguous (e.g. "Suspend acme"). */
  ariaLabel?: string;
  danger?: boolean;
  disabled?: boolean;
  onSelect: () => void;
}

export function MenuButton({
  label,
  ariaLabel,
  items,
}: {
  label: ReactNode;
  ariaLabel: string;
  items: MenuItem[];
}) {
  const uid = useId();
  /** Where the open menu sits (viewport pixels); null while closed. */
  const [at, setAt] = useState<{ top: number; right: number } | null>(null);
  const open = at !== null;
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  const menuItems = () =>
    Array.from(
      menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [],
    );
  const focusItem = (index: number) => {
    const all = menuItems();
    all[(index + all.length) % all.length]?.focus({ preventScroll: true });
  };

  const show = useCallback(() => {
    const r = button.current?.getBoundingClientRect();
    if (r) setAt({ top: r.bottom + 4, right: document.documentElement.clientWidth - r.right });
  }, []);
  const hide = useCallback(() => setAt(null), []);

  useEffect(() => {
    if (!open) return;
    menu.current
      ?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')
      ?.focus({ preventScroll: true });
    const away = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) hide();
    };
    document.addEventListener('mousedown', away);
    window.addEventListener('resize', show);
    window.addEventListener('scroll', show, true);
    return () => {
      document.removeEventListener('mousedown', away);
      window.removeEventListener('resize', show);
      window.removeEventListener('scroll', show, true);
    };
  }, [open, show, hide]);

  const close = () => {
    hide();
    button.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const all = menuItems();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') focusItem(at + 1);
    else if (e.key === 'ArrowUp') focusItem(at - 1);
    else if (e.key === 'Home') focusItem(0);
    else if (e.key === 'End') focusItem(all.length - 1);
    else if (e.key === 'Escape') close();
    else if (e.key === 'Tab') hide();
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  return (
    <div className="menu-button">
      <button
        ref={button}
        type="button"
        className="btn btn-sm"
        aria-label={ariaLabel}
        aria-haspopup="menu"
        disabled={items.length === 0}
        aria-expanded={open}
        aria-controls={open ? `${uid}-menu` : undefined}
        onClick={() => (open ? hide() : show())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            show();
          }
        }}
      >
        {label}
      </button>
      {at && (
        <ul
          ref={menu}
          id={`${uid}-menu`}
          role="menu"
          aria-label={ariaLabel}
          className="menu"
          style={{ top: at.top, right: at.right }}
          onKeyDown={onMenuKey}
        >
          {items.map((item) => (
            <li key={item.key} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={`menu-item ${item.danger ? 'is-danger' : ''}`}
                aria-label={item.ariaLabel}
                disabled={item.disabled}
                onClick={() => {
                  hide();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
