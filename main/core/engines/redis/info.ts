// Runs anywhere. Reads one field of Redis's INFO text (`name:value` lines under `# Section`).

export function infoField(info: string, name: string): string | undefined {
  for (const line of info.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && line.slice(0, at) === name) return line.slice(at + 1).trim();
  }
  return undefined;
}
