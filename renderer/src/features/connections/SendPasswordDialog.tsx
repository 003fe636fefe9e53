// Runs in the renderer. Asked when an edited connection points somewhere else (type, host, port or
// TLS mode) and no new password was typed: the saved password goes to the new address only if the
// user says so here; otherwise it is left behind (on save, forgotten).
import { Dialog } from '../../components/Dialog';

export type SendPasswordAnswer = 'send' | 'withhold' | 'cancel';

export function SendPasswordDialog({
  from,
  to,
  purpose,
  onAnswer,
}: {
  from: string;
  to: string;
  purpose: 'save' | 'test';
  onAnswer: (answer: SendPasswordAnswer) => void;
}) {
  // Saving without it forgets the saved password; testing without it leaves it saved.
  const withhold = purpose === 'save' ? 'Save without it' : 'Test without it';
  return (
    <Dialog
      title="Send the saved password to the new address?"
      role="alertdialog"
      size="sm"
      onClose={() => onAnswer('cancel')}
      description={
        <>
          The password was saved for <strong>{from}</strong>. The connection now points to{' '}
          <strong>{to}</strong>, which would receive it. Send it only if you trust that server;
          otherwise type the password for it
          {purpose === 'save'
            ? ', or save without one (the saved password is then forgotten).'
            : ', or test without one.'}
        </>
      }
    >
      <div className="dialog-foot">
        <button type="button" className="btn" onClick={() => onAnswer('cancel')} data-autofocus>
          Cancel
        </button>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => onAnswer('withhold')}>
          {withhold}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onAnswer('send')}>
          Send it
        </button>
      </div>
    </Dialog>
  );
}
