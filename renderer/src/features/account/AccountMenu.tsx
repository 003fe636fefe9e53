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
  const logout = useAccount((s) => s.logout);
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
          {/* The app posts no form (its CSP says form-action 'none'): the login is revoked over the
              API, and the revoked cookie then leads the page back to the login form. */}
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            onClick={() => void logout().finally(() => window.location.assign('/login'))}
          >
            Log out
          </button>
        </div>
      </details>
      {changing && <ChangePasswordDialog onClose={() => setChanging(false)} />}
    </div>
  );
}
