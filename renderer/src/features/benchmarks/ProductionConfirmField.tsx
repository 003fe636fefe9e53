// Runs in the renderer. The typed confirmation a form asks for before it writes to a production
// connection: the user types the connection's name.
import { Field } from '../../components/Field';

export function ProductionConfirmField({
  id,
  connectionName,
  hint,
  value,
  onChange,
}: {
  id: string;
  connectionName: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field
      id={id}
      label={`Type '${connectionName}' to run against production`}
      className="span-2 bench-confirm"
      hint={hint}
    >
      {(a) => (
        <input
          {...a}
          className="input"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
