// Runs in the renderer. The write-only password: never shown back; on edit, empty keeps the saved
// one, and clearing it is an explicit choice.
import type { Connection } from '../../../../shared/model/connection';
import { useAppInfo } from '../../app/stores-context';
import { Field } from '../../components/Field';
import type { FormPart } from './form-part';
import { SecretInput } from './SecretInput';
import { PasswordHint } from './PasswordHint';

export function PasswordField({ part, saved }: { part: FormPart; saved: Connection | null }) {
  const { values, change, touch, errorOf, idOf } = part;
  const store = useAppInfo((s) => s.info?.secret_store);
  const message = useAppInfo((s) => s.info?.secret_store_message ?? null);
  return (
    <Field
      id={idOf('password')}
      label="Password"
      optional={!saved}
      error={errorOf('password')}
      className="span-2"
      hint={<PasswordHint store={store} message={message} />}
    >
      {(a) => (
        <div className="password-row">
          <SecretInput
            attrs={a}
            value={values.password}
            saved={Boolean(saved?.has_password)}
            disabled={values.clearPassword}
            placeholder={saved && !saved.has_password ? 'No password saved' : undefined}
            onChange={(password) => change({ password })}
            onBlur={() => touch('password')}
          />
          {saved?.has_password && (
            <label className="check">
              <input
                type="checkbox"
                checked={values.clearPassword}
                onChange={(e) => change({ clearPassword: e.target.checked, password: '' })}
              />
              Clear the saved password
            </label>
          )}
        </div>
      )}
    </Field>
  );
}
