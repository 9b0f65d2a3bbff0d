/**
 * INI files as Python's configparser.RawConfigParser reads them, which is what the AWS
 * CLI (botocore's configloader) uses for ~/.aws/config: `=` or `:` delimiters, full-line
 * `#`/`;` comments only (a `#` later in a line is part of the value), option names
 * lower-cased, indented lines continue a value, [DEFAULT] keys inherited by every
 * section, and any malformed line or repeated section/option fails the whole file
 * (then the CLI fails too, so nothing in it counts).
 */

type IniSections = Map<string, Map<string, string>>;

export type IniParse = { ok: true; sections: IniSections } | { ok: false; reason: string };

const DEFAULT_SECTION = 'DEFAULT';
// configparser's SECTCRE ("very permissive"): from the first `[` to the last `]`.
const SECTION = /^\[(.+)\]/;
// configparser's OPTCRE: the option is everything before the first delimiter.
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;

class IniError extends Error {}

interface Pending {
  section: Map<string, string[]>;
  option?: string;
  indent: number;
}

function indentOf(line: string): number {
  const first = line.search(/\S/);
  return first < 0 ? 0 : first;
}

function join(raw: Map<string, string[]>): Map<string, string> {
  return new Map([...raw].map(([key, lines]) => [key, lines.join('\n').trimEnd()]));
}

function read(text: string): { sections: Map<string, Map<string, string[]>>; defaults: Map<string, string[]> } {
  const sections = new Map<string, Map<string, string[]>>();
  const defaults = new Map<string, string[]>();
  const seen = new Set<string>();
  let current: Pending | undefined;
  let sectionName = '';
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    const lineNo = index + 1;
    const stripped = line.trim();
    const comment = stripped.startsWith('#') || stripped.startsWith(';');
    if (stripped === '' || comment) {
      // A blank line inside a value is kept (empty_lines_in_values); a comment line is not.
      const lastValue = current?.option === undefined ? undefined : current.section.get(current.option);
      if (!comment && lastValue) lastValue.push('');
      continue;
    }
    const indent = indentOf(line);
    if (current?.option !== undefined && indent > current.indent) {
      current.section.get(current.option)?.push(stripped);
      continue;
    }
    const header = SECTION.exec(stripped);
    if (header?.[1] !== undefined) {
      sectionName = header[1];
      // configparser lets [DEFAULT] reopen; any other section only once per file.
      if (sectionName === DEFAULT_SECTION) {
        current = { section: defaults, indent };
        continue;
      }
      if (seen.has(sectionName)) throw new IniError(`line ${lineNo}: section [${sectionName}] is repeated`);
      seen.add(sectionName);
      const section = new Map<string, string[]>();
      sections.set(sectionName, section);
      current = { section, indent };
      continue;
    }
    if (!current) throw new IniError(`line ${lineNo}: a setting before any [section]`);
    const option = OPTION.exec(stripped);
    const name = option?.[1]?.trimEnd().toLowerCase();
    if (!option || !name) throw new IniError(`line ${lineNo}: not a "key = value" line`);
    if (seen.has(`${sectionName}\u0000${name}`)) {
      throw new IniError(`line ${lineNo}: ${name} is repeated in [${sectionName}]`);
    }
    seen.add(`${sectionName}\u0000${name}`);
    current.section.set(name, [(option[3] ?? '').trim()]);
    current.option = name;
    current.indent = indent;
  }
  return { sections, defaults };
}

export function parseIni(text: string): IniParse {
  try {
    const { sections, defaults } = read(text);
    const joinedDefaults = join(defaults);
    const out: IniSections = new Map();
    for (const [name, raw] of sections) out.set(name, new Map([...joinedDefaults, ...join(raw)]));
    return { ok: true, sections: out };
  } catch (error) {
    if (error instanceof IniError) return { ok: false, reason: error.message };
    throw error;
  }
}
