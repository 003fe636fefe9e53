// Runs in the renderer. The confirmation before something is deleted: the one ConfirmDialog in
// its danger tone, kept under this name for the many screens that delete.
import { ConfirmDialog, type ConfirmDialogProps } from './ConfirmDialog';

export function ConfirmDeleteDialog(props: Omit<ConfirmDialogProps, 'tone'>) {
  return <ConfirmDialog {...props} tone="danger" />;
}
