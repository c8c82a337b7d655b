
/**
 * Grafana 11.2 keeps a dashboard's numbers as their text: simplejson decodes with UseNumber
 * (`pkg/components/simplejson/simplejson_go11.go` UnmarshalJSON, `simplejson.go` FromDB) and encoding/json writes a
 * json.Number as it is, so `1.0`, `1e3`, `12345678901234567890` and `1e400` come back as posted. The sandbox parses
 * with JSON.parse, so the literals JSON.stringify would write otherwise are carried through the stored text as
 * marked strings (keepNumberTexts) and written back as they came (restoreNumberTexts).
 */
export interface NumberText {
  /** Path in the request body. */
  path: (string | number)[];
  text: string;
}

const MARK = '\u0000\u0001number:';
const MARKED = /"\\u0000\\u0001number:(-?[0-9.eE+-]+)"/g;
const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([{}[\]:,])|(true|false|null))/y;
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

type Frame = { kind: 'object'; key: string | undefined; expectingKey: boolean } | { kind: 'array'; index: number };

/** Every number literal of a valid JSON text that JSON.parse then JSON.stringify would write otherwise, with its path. */
export function numberTextsOf(text: string): NumberText[] {
  if (!holdsRewrittenNumber(text)) return [];
  const found: NumberText[] = [];
  const stack: Frame[] = [];
  const path = (): (string | number)[] => stack.map((frame) => (frame.kind === 'array' ? frame.index : frame.key ?? ''));
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null && match[0] !== ''; match = TOKEN.exec(text)) {
    const [, string, number, punctuation] = match;
    const top = stack.at(-1);
    if (string !== undefined && top?.kind === 'object' && top.expectingKey) top.key = JSON.parse(string) as string;
    else if (number !== undefined && JSON.stringify(Number(number)) !== number) found.push({ path: path(), text: number });
    else if (punctuation === '{') stack.push({ kind: 'object', key: undefined, expectingKey: true });
    else if (punctuation === '[') stack.push({ kind: 'array', index: 0 });
    else if (punctuation === '}' || punctuation === ']') stack.pop();
    else if (punctuation === ':' && top?.kind === 'object') top.expectingKey = false;
    else if (punctuation === ',' && top) {
      if (top.kind === 'array') top.index += 1;
      else top.expectingKey = true;
    }
  }
  return found;
}

function holdsRewrittenNumber(text: string): boolean {
  for (const [token] of text.matchAll(STRING_OR_NUMBER)) {
    if (token.charCodeAt(0) !== 0x22 && JSON.stringify(Number(token)) !== token) return true;
  }
  return false;
}

/**
 * Marks in `model` (the body's value at `prefix`) each number `texts` found there that still holds the value read
 * from its text (the server's own changes, `id` and `version`, stay numbers).
 */
export function keepNumberTexts(model: Record<string, unknown>, texts: readonly NumberText[], prefix: string): void {
  for (const { path, text } of texts) {
    if (path[0] !== prefix || path.length < 2) continue;
    const rest = path.slice(1);
    if (rest.length === 1 && (rest[0] === 'id' || rest[0] === 'version' || rest[0] === 'uid')) continue;
    let container: unknown = model;
    for (const step of rest.slice(0, -1)) container = (container as Record<string | number, unknown> | null)?.[step];
    const last = rest.at(-1)!;
    if (typeof container !== 'object' || container === null) continue;
    const holder = container as Record<string | number, unknown>;
    if (typeof holder[last] === 'number' && Object.is(holder[last], Number(text))) holder[last] = `${MARK}${text}`;
  }
}

/** A JSON text written from a model keepNumberTexts marked, with the marked numbers as their text again. */
export function restoreNumberTexts(json: string): string {
  return json.includes('\\u0000\\u0001number:') ? json.replace(MARKED, '$1') : json;
}
