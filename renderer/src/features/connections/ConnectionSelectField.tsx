// Runs in the renderer. The Connection picker of a form that works on one saved connection, with a
// pointer to the Connections screen while there is none.
import type { Connection } from '../../../../shared/model/connection';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { SelectField } from '../../components/Field';

export function ConnectionSelectField({
  id,
  connections,
  value,
  onChange,
}: {
  id: string;
  connections: readonly Connection[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <SelectField
      id={id}
      label="Connection"
      className="span-2"
      hint={
        connections.length === 0
          ? 'No connections yet: add one on the Connections screen.'
          : undefined
      }
      value={value}
      onChange={onChange}
    >
      {connections.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name} ({ENGINE_INFO[c.type].label}, {c.environment})
        </option>
      ))}
    </SelectField>
  );
}
