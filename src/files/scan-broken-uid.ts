/** Where a dashboard file names its uid: plain model, resource form, and the `{ "dashboard": … }` wrapper. */
const UID_PATHS = ['uid', 'metadata/name', 'dashboard/uid'];

interface Frame {
  kind: 'object' | 'array';
  path: string;
  /** The key whose value comes next (objects only). */
  key: string | null;
  afterColon: boolean;
}

/**
 * Pure: the uid a dashboard text that does not parse still names, read leniently (strings and
 * brackets only, so a stray comma or a cut-off end does not hide it): the string value of a
 * top-level `"uid"` (or `metadata.name`, or `dashboard.uid`) when exactly one distinct uid is
 * found that way, else undefined (none, or two that disagree: the file's uid cannot be told).
 */
export function scanBrokenUid(text: string): string | undefined {
  const found = new Set<string>();
  const stack: Frame[] = [];
  let pendingString: string | null = null;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const top = stack.at(-1);
    if (char === '"') {
      const end = endOfString(text, i);
      const value = decodeString(text.slice(i, end));
      i = end;
      if (top?.kind === 'object' && !top.afterColon) pendingString = value ?? null;
      else if (top?.kind === 'object' && top.key !== null && value !== undefined) {
        const path = top.path === '' ? top.key : `${top.path}/${top.key}`;
        const uid = value.trim();
        if (UID_PATHS.includes(path) && uid !== '') found.add(uid);
      }
      continue;
    }
    if (char === ':' && top?.kind === 'object' && !top.afterColon) {
      top.key = pendingString;
      top.afterColon = true;
    } else if (char === ',' && top?.kind === 'object') {
      top.key = null;
      top.afterColon = false;
      pendingString = null;
    } else if (char === '{' || char === '[') {
      const parentPath = top === undefined ? null : top.kind === 'array' ? `${top.path}/[]` : top.key === null ? `${top.path}/?` : top.path === '' ? top.key : `${top.path}/${top.key}`;
      stack.push({ kind: char === '{' ? 'object' : 'array', path: parentPath ?? '', key: null, afterColon: false });
      pendingString = null;
    } else if (char === '}' || char === ']') {
      stack.pop();
    }
    i += 1;
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** The index just past the string starting at `start` (its closing quote, or the end of the line/text when it is not closed). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') i += 2;
    else if (char === '"') return i + 1;
    else if (char === '\n') return i;
    else i += 1;
  }
  return text.length;
}

function decodeString(quoted: string): string | undefined {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
