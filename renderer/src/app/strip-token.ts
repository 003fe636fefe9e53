// Runs in the renderer at start-up. The server turned ?token= into an HttpOnly cookie; the token
// must not stay in the address bar, the history or a bookmark.

export function stripToken(win: Window): void {
  const url = new URL(win.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
