// Runs in the renderer. The SSH tunnel part of the connection form, folded away by default: the
// SSH server that forwards to the database, and any jump hosts before it (ProxyJump order), each
// with its own user and credentials.
import { SSH_AUTH_METHODS, type SshAuthMethod } from '../../../../shared/model/connection';
import { Field } from '../../components/Field';
import type { FormPart } from './form-part';
import { SecretInput } from './SecretInput';
import { SSH_AUTH_LABELS } from './labels';
import { emptyHop, type HopValues } from './ssh-form';

export interface SshFieldsProps {
  part: FormPart;
  open: boolean;
  onToggle: (open: boolean) => void;
}

const MAX_JUMPS = 8;

function summary(v: FormPart['values']['ssh']): string {
  if (!v.enabled) return 'off';
  const target = `${v.user ? `${v.user}@` : ''}${v.host || '…'}`;
  return v.jumps.length > 0
    ? `${target} via ${v.jumps.length} jump host${v.jumps.length > 1 ? 's' : ''}`
    : target;
}

interface HopProps {
  id: string;
  hop: HopValues;
  title: string;
  onChange: (patch: Partial<HopValues>) => void;
  onRemove?: () => void;
}

export function HopFields({ id, hop, title, onChange, onRemove }: HopProps) {
  const secretLabel = hop.auth === 'password' ? 'SSH password' : 'Key passphrase';
  return (
    <fieldset className="span-2 ssh-hop">
      <legend className="field-label">{title}</legend>
      <div className="form-grid">
        <div className="span-2 host-port">
          <Field
            id={id}
            label="SSH host"
            hint="A host name, an address, or a Host alias from ~/.ssh/config (its HostName, Port, User, IdentityFile and ProxyJump apply)."
          >
            {(a) => (
              <input
                {...a}
                className="input"
                value={hop.host}
                onChange={(e) => onChange({ host: e.target.value })}
                placeholder="bastion.example.com"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field id={`${id}-port`} label="SSH port" optional>
            {(a) => (
              <input
                {...a}
                className="input"
                inputMode="numeric"
                value={hop.port}
                onChange={(e) => onChange({ port: e.target.value })}
                placeholder="22"
                autoComplete="off"
              />
            )}
          </Field>
        </div>
        <Field id={`${id}-user`} label="SSH user" optional>
          {(a) => (
            <input
              {...a}
              className="input"
              value={hop.user}
              onChange={(e) => onChange({ user: e.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field id={`${id}-auth`} label="Authentication">
          {(a) => (
            <select
              {...a}
              className="select"
              value={hop.auth}
              onChange={(e) => onChange({ auth: e.target.value as SshAuthMethod, secret: '' })}
            >
              {SSH_AUTH_METHODS.map((m) => (
                <option key={m} value={m}>
                  {SSH_AUTH_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {hop.auth === 'key' && (
          <Field
            id={`${id}-key`}
            label="Private key file"
            optional
            hint="Empty: the IdentityFile of ~/.ssh/config."
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                value={hop.keyFile}
                onChange={(e) => onChange({ keyFile: e.target.value })}
                placeholder="~/.ssh/id_ed25519"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        )}
        {hop.auth !== 'agent' && (
          <Field
            id={`${id}-secret`}
            label={secretLabel}
            optional={hop.auth === 'key'}
            hint="Kept in the OS keychain, never in Benchphant's files."
          >
            {(a) => (
              <SecretInput
                attrs={a}
                value={hop.secret}
                saved={hop.hasSecret}
                onChange={(secret) => onChange({ secret })}
              />
            )}
          </Field>
        )}
        {onRemove && (
          <div className="span-2">
            <button type="button" className="btn btn-ghost" onClick={onRemove}>
              Remove {title.toLowerCase()}
            </button>
          </div>
        )}
      </div>
    </fieldset>
  );
}

export function SshFields({ part, open, onToggle }: SshFieldsProps) {
  const { values, change, idOf, errorOf } = part;
  const ssh = values.ssh;
  const set = (patch: Partial<typeof ssh>) => change({ ssh: { ...ssh, ...patch } });
  const setJump = (i: number, patch: Partial<HopValues>) =>
    set({ jumps: ssh.jumps.map((j, k) => (k === i ? { ...j, ...patch } : j)) });
  const error = errorOf('ssh');
  return (
    <details
      className="span-2 tls-section ssh-section"
      open={open}
      onToggle={(e) => onToggle(e.currentTarget.open)}
    >
      <summary>
        SSH tunnel <span className="tls-summary">{summary(ssh)}</span>
      </summary>
      <div className="form-grid tls-grid">
        <label className="check span-2">
          <input
            type="checkbox"
            checked={ssh.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          Connect through an SSH tunnel
          <span className="field-hint">
            Host and port above are then the database as the SSH server sees it (often 127.0.0.1).
          </span>
        </label>
        {ssh.enabled && (
          <>
            {ssh.jumps.map((jump, i) => (
              <HopFields
                key={i}
                id={`${idOf('ssh')}-jump-${i}`}
                hop={jump}
                title={`Jump host ${i + 1}`}
                onChange={(patch) => setJump(i, patch)}
                onRemove={() => set({ jumps: ssh.jumps.filter((_, k) => k !== i) })}
              />
            ))}
            <HopFields
              id={idOf('ssh')}
              hop={ssh}
              title="SSH server"
              onChange={(patch) => set(patch)}
            />
            {ssh.jumps.length < MAX_JUMPS && (
              <div className="span-2">
                <button
                  type="button"
                  className="btn"
                  onClick={() => set({ jumps: [...ssh.jumps, emptyHop()] })}
                >
                  Add jump host
                </button>
                <span className="field-hint">
                  {' '}
                  Jump hosts are dialled in order before the SSH server (like ProxyJump).
                </span>
              </div>
            )}
            {error && (
              <div className="span-2 field-error" role="alert">
                {error}
              </div>
            )}
          </>
        )}
      </div>
    </details>
  );
}
