// Runs in the renderer. When an account or a key was made or last used, in the user's locale.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const when = (iso: string | null | undefined) =>
  iso ? dateTime.format(new Date(iso)) : 'never';
