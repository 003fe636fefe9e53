// Runs in the main process, server and CLI. Reads INI-style option files (pg_service.conf, my.cnf)
// line by line, so a bad line is reported with its number and the rest still counts; quoted values
// are read with the `ini` package's own rules.
import ini from 'ini';
import { lineOrigin, type ParseProblem } from './entry';

export interface OptionValue {
  value: string;
  line: number;
}

export interface OptionSection {
  name: string;
  line: number;
  /** Later lines win, as in libpq and MySQL. */
  options: Map<string, OptionValue>;
}

export interface OptionFile {
  sections: OptionSection[];
  problems: ParseProblem[];
  /** `!include` / `!includedir` lines, which are not followed. */
  directives: { line: number; text: string }[];
}

export interface OptionFileRules {
  /** MySQL allows a bare option name (`skip-ssl`); libpq does not. */
  bareKeys: boolean;
  /** MySQL treats `-` and `_` in option names alike. */
  normalizeKey?: (key: string) => string;
  /** MySQL unquotes values and ends them at `#`; libpq takes the rest of the line as it is. */
  quotedValues: boolean;
}

const SECTION = /^\[([^\]]*)\]\s*(?:[;#].*)?$/;
const COMMENT = /^[;#]/;

export function readOptionFile(text: string, rules: OptionFileRules): OptionFile {
  const sections: OptionSection[] = [];
  const problems: ParseProblem[] = [];
  const directives: OptionFile['directives'] = [];
  const byName = new Map<string, OptionSection>();
  let current: OptionSection | null = null;
  const normalize = rules.normalizeKey ?? ((k: string) => k);

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || COMMENT.test(trimmed)) return;
    if (trimmed.startsWith('!')) {
      directives.push({ line, text: trimmed.split(/\s+/)[0] ?? trimmed });
      return;
    }
    const section = SECTION.exec(trimmed);
    if (section) {
      const name = (section[1] ?? '').trim();
      if (!name) {
        problems.push({ origin: lineOrigin(line), reason: 'a section header with no name' });
        current = null;
        return;
      }
      // A repeated header continues the same section, as both libpq and MySQL read it.
      current = byName.get(name) ?? { name, line, options: new Map() };
      if (!byName.has(name)) {
        byName.set(name, current);
        sections.push(current);
      }
      return;
    }
    if (trimmed.startsWith('[')) {
      problems.push({ origin: lineOrigin(line), reason: 'a section header without its closing ]' });
      // Its options must not land in the section before it.
      current = null;
      return;
    }
    const eq = trimmed.indexOf('=');
    const key = normalize((eq === -1 ? trimmed : trimmed.slice(0, eq)).trim().toLowerCase());
    if (eq === -1 && !rules.bareKeys) {
      problems.push({ origin: lineOrigin(line), reason: 'expected name=value' });
      return;
    }
    if (!key) {
      problems.push({ origin: lineOrigin(line), reason: 'an option with no name before =' });
      return;
    }
    if (!current) {
      problems.push({ origin: lineOrigin(line), reason: 'an option outside any [section]' });
      return;
    }
    const rawValue = eq === -1 ? '' : trimmed.slice(eq + 1);
    const value = rules.quotedValues ? ini.unsafe(rawValue) : rawValue.trim();
    current.options.set(key, { value, line });
  });
  return { sections, problems, directives };
}
