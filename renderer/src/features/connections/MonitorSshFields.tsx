// Runs in the renderer. The connection form's SSH settings used only to read the database server
// host's CPU, memory and disks (the connection itself stays direct), folded away by default;
// offered only when the connection does not already go through an SSH tunnel.
import { useState } from 'react';
import type { FormPart } from './form-part';
import { HopFields } from './SshFields';

export function MonitorSshFields({ part }: { part: FormPart }) {
  const { values, change, idOf, errorOf } = part;
  const ssh = values.monitorSsh;
  const error = errorOf('monitorSsh');
  const [open, setOpen] = useState(ssh.enabled);
  if (values.ssh.enabled) return null;
  const set = (patch: Partial<typeof ssh>) => change({ monitorSsh: { ...ssh, ...patch } });
  return (
    <details
      className="span-2 tls-section ssh-section"
      open={open || Boolean(error)}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="monitor-ssh"
    >
      <summary>
        Server host metrics over SSH{' '}
        <span className="tls-summary">{ssh.enabled ? ssh.host || '…' : 'off'}</span>
      </summary>
      <div className="form-grid tls-grid">
        <label className="check span-2">
          <input
            type="checkbox"
            checked={ssh.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          Read the server&apos;s CPU, memory and disks over SSH
          <span className="field-hint">
            Only for the Monitor and run pages: the database connection itself stays direct, and
            nothing is installed on the server.
          </span>
        </label>
        {ssh.enabled && (
          <HopFields
            id={idOf('monitorSsh')}
            hop={ssh}
            title="SSH server (the database's host)"
            onChange={(patch) => set(patch)}
          />
        )}
        {ssh.enabled && error && (
          <div className="span-2 field-error" role="alert">
            {error}
          </div>
        )}
      </div>
    </details>
  );
}
