// Runs in the renderer. Which project's items a list shows: every project, or one. Shown only
// when there is more than one project to choose from.
import { useId } from 'react';
import { useAccount } from '../../app/stores-context';

export const ALL_PROJECTS = '';

export function ProjectPicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (projectId: string) => void;
}) {
  const id = useId();
  const projects = useAccount((s) => s.projects);
  if (projects.length < 2) return null;
  return (
    <label className="project-picker" htmlFor={id}>
      Project
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={ALL_PROJECTS}>All projects</option>
        {projects.map((p) => (
          <option key={p.project_id} value={p.project_id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
