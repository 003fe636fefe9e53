// Runs in the renderer. The environment of a connection at a glance; production must be
// impossible to miss (solid red, the word PRODUCTION), whatever the theme.
import type { Environment } from '../../../../shared/model/connection';
import { AlertIcon } from '../../app/icons';
import { ENVIRONMENT_LABELS } from './labels';

export function EnvironmentBadge({ environment }: { environment: Environment }) {
  if (environment === 'production') {
    return (
      <span className="env-badge env-production">
        <AlertIcon />
        PRODUCTION
      </span>
    );
  }
  return <span className={`env-badge env-${environment}`}>{ENVIRONMENT_LABELS[environment]}</span>;
}
