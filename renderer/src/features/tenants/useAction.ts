// Runs in the renderer. A button's life around one store action: busy while it runs, then the
// API's message (success or error) next to the button, never an unhandled rejection.
import { useCallback, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import { uiText } from '../../api/error-words';

export interface ActionState {
  busy: boolean;
  error: string | null;
  message: string | null;
}

export function useAction<A extends unknown[]>(
  /** A string it resolves with is shown as the outcome; anything else is ignored. */
  action: (...args: A) => Promise<unknown>,
): [(...args: A) => Promise<boolean>, ActionState, () => void] {
  const [state, setState] = useState<ActionState>({ busy: false, error: null, message: null });
  const run = useCallback(
    async (...args: A) => {
      setState({ busy: true, error: null, message: null });
      try {
        const message = await action(...args);
        setState({
          busy: false,
          error: null,
          message: typeof message === 'string' && message ? uiText(message) : null,
        });
        return true;
      } catch (err) {
        setState({ busy: false, error: errorMessage(err), message: null });
        return false;
      }
    },
    [action],
  );
  const clear = useCallback(() => setState({ busy: false, error: null, message: null }), []);
  return [run, state, clear];
}
