// Runs in the renderer. Saves content as a file through the browser's (or Electron's) download
// handling: a temporary object URL on an <a download>.

/** Hands a file to the browser's (or Electron's) download handling. */
export function downloadFile(content: Blob | string, filename: string, type?: string): void {
  const blob =
    typeof content === 'string' ? new Blob([content], { type: type ?? 'text/plain' }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: the download reads the URL after the click has returned.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
