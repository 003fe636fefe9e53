// Runs in the renderer. Accounts, for administrators (and the owner): who can log in, adding one
// with a first password, and removing one after a confirmation. Shown to no one else.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useAccount } from '../../app/stores-context';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { Field } from '../../components/Field';
import type { Account } from '../../../../shared/contract/accounts';
import { useAction } from '../tenants/useAction';
import './account.css';
import { when } from './when';

export function UsersSection() {
  const id = useId();
  const me = useAccount((s) => s.me);
  const users = useAccount((s) => s.users);
  const usersError = useAccount((s) => s.usersError);
  const loadUsers = useAccount((s) => s.loadUsers);
  const addUser = useAccount((s) => s.addUser);
  const removeUser = useAccount((s) => s.removeUser);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [admin, setAdmin] = useState(false);
  const [add, adding] = useAction(async () => {
    await addUser(name.trim(), password, admin);
    setName('');
    setPassword('');
    setAdmin(false);
  });
  const [removing, setRemoving] = useState<Account | null>(null);
  const allowed = me?.admin === true;

  useEffect(() => {
    if (allowed) void loadUsers();
  }, [allowed, loadUsers]);
  if (!allowed) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add();
  };

  return (
    <section className="settings-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Users</h2>
      <p className="fact-hint">
        People who log in to this server in a browser, with HTTP Basic or a login token.
        Administrators see every project and manage users.
      </p>
      {users.length === 0 ? (
        <p>No accounts yet: the server answers only its access token.</p>
      ) : (
        <table className="key-table">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Last login</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.admin ? 'Administrator' : 'User'}</td>
                <td>{when(u.last_login)}</td>
                <td>
                  {u.id !== me?.id && (
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      aria-label={`Remove user ${u.username}`}
                      onClick={() => setRemoving(u)}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="key-create" aria-label="New user" onSubmit={submit}>
        <Field id={`${id}-user`} label="Username">
          {(a) => (
            <input
              {...a}
              className="input"
              autoComplete="off"
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field id={`${id}-password`} label="First password" hint="At least 8 characters.">
          {(a) => (
            <input
              {...a}
              className="input"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <label className="project-picker">
          <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} />
          Administrator
        </label>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={adding.busy || name.trim() === '' || password.length < 8}
        >
          {adding.busy && <span className="spinner" aria-hidden="true" />}
          Add user
        </button>
      </form>
      {(adding.error ?? usersError) && (
        <div className="notice notice-error" role="alert">
          {adding.error ?? usersError}
        </div>
      )}
      {removing && (
        <ConfirmDeleteDialog
          title={`Remove user “${removing.username}”?`}
          description="They are logged out everywhere at once, and their API keys stop working. This cannot be undone."
          confirmLabel="Remove user"
          onConfirm={() => removeUser(removing.username)}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
