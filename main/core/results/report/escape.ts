// Runs in the main process, server and CLI. Text into HTML/SVG markup: every value from a run
// (names, tags, notes, settings) goes through here before it reaches the report.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
