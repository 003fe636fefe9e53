// Runs in the renderer. The sidebar's account corner: who is logged in, with Change password and
// Log out for an account. The owner (the printed URL, the desktop app) has neither.
import { useEffect, useState } from 'react';
import { useAccount } from '../../app/stores-context';
import { isOwner } from '../../stores/account-store';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import './account.css';

export function AccountMenu() {
  const me = useAccount((s) => s.me);
  const load = useAccount((s) => s.load);
  const [changing, setChanging] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);
  if (!me) return null;
  if (isOwner(me)) return <div className="account-menu account-owner">Owner (access token)</div>;
  return (
    <div className="account-menu">
      <details>
        <summary aria-label={`Account ${me.username}`}>
          <span className="account-name">{me.username}</span>
          {me.admin && <span className="account-badge">admin</span>}
        </summary>
        <div className="account-actions">
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setChanging(true)}>
            Change password
          </button>
          {/* A real form post: the server revokes the login and clears its HttpOnly cookie. */}
          <form method="post" action="/logout">
            <button type="submit" className="btn btn-sm btn-ghost">
              Log out
            </button>
          </form>
        </div>
      </details>
      {changing && <ChangePasswordDialog onClose={() => setChanging(false)} />}
    </div>
  );
}
