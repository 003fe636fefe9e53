// Runs in the renderer. The TLS part of the connection form, folded away by default: most
// connections keep the default mode.
import { TLS_MODES, type TlsMode } from '../../../../shared/model/connection';
import { Field } from '../../components/Field';
import type { FormPart } from './form-part';
import { SecretInput } from './SecretInput';
import { TLS_LABELS } from './labels';

export interface TlsFieldsProps {
  part: FormPart;
  open: boolean;
  onToggle: (open: boolean) => void;
  /** The saved connection keeps a passphrase for its client key. */
  savedPassphrase: boolean;
}

const PATH_FIELDS = [
  {
    field: 'certFile',
    label: 'Client certificate file',
    placeholder: '/home/me/.postgresql/postgresql.crt',
    hint: 'For servers that authenticate clients by certificate (PEM).',
  },
  {
    field: 'keyFile',
    label: 'Client key file',
    placeholder: '/home/me/.postgresql/postgresql.key',
    hint: 'The private key of the client certificate (PEM).',
  },
] as const;

export function TlsFields({ part, open, onToggle, savedPassphrase }: TlsFieldsProps) {
  const { values, change, touch, errorOf, idOf } = part;
  const off = values.tlsMode === 'disable';
  return (
    <details
      className="span-2 tls-section"
      open={open}
      onToggle={(e) => onToggle(e.currentTarget.open)}
    >
      <summary>
        TLS <span className="tls-summary">{values.tlsMode}</span>
      </summary>
      <div className="form-grid tls-grid">
        <Field id={idOf('tlsMode')} label="Mode" error={errorOf('tlsMode')} className="span-2">
          {(a) => (
            <select
              {...a}
              className="select"
              value={values.tlsMode}
              onChange={(e) => change({ tlsMode: e.target.value as TlsMode })}
            >
              {TLS_MODES.map((m) => (
                <option key={m} value={m}>
                  {TLS_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={idOf('caFile')}
          label="CA certificate file"
          optional
          error={errorOf('caFile')}
          hint="Path of a PEM file on the machine running Benchphant; verify-full trusts the certificates in it."
          className="span-2"
        >
          {(a) => (
            <input
              {...a}
              className="input mono"
              value={values.caFile}
              onChange={(e) => change({ caFile: e.target.value })}
              onBlur={() => touch('caFile')}
              placeholder="/etc/ssl/certs/db-ca.pem"
              autoComplete="off"
              spellCheck={false}
              disabled={off}
            />
          )}
        </Field>
        {PATH_FIELDS.map(({ field, label, placeholder, hint }) => (
          <Field
            key={field}
            id={idOf(field)}
            label={label}
            optional
            error={errorOf(field)}
            hint={hint}
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                value={values[field]}
                onChange={(e) => change({ [field]: e.target.value })}
                onBlur={() => touch(field)}
                placeholder={placeholder}
                autoComplete="off"
                spellCheck={false}
                disabled={off}
              />
            )}
          </Field>
        ))}
        <Field
          id={idOf('keyPassphrase')}
          label="Client key passphrase"
          optional
          error={errorOf('keyPassphrase')}
          hint="Kept in the OS keychain, never in Benchphant's files."
          className="span-2"
        >
          {(a) => (
            <SecretInput
              attrs={a}
              value={values.keyPassphrase}
              saved={savedPassphrase}
              onChange={(keyPassphrase) => change({ keyPassphrase })}
              onBlur={() => touch('keyPassphrase')}
              disabled={off}
            />
          )}
        </Field>
      </div>
    </details>
  );
}
