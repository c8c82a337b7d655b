import { findNodeAtLocation, parse, parseTree, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../errors.js';
import { findDeepNesting, MAX_JSON_DEPTH } from './find-deep-nesting.js';
import { findDuplicateKey, hasNoDuplicateKey } from './find-duplicate-key.js';
import { surveyJsonValue } from './survey-json-value.js';

export interface ParsedJson {
  value: unknown;
  diagnostics: Diagnostic[];
  /** mayHoldInexactNumber of the value, told by the walk that counts its keys (absent with `duplicateKeys: false`). */
  mayHoldInexactNumber?: boolean;
  /**
   * With `duplicateKeys: 'deferred'`, of a value parsed: the keys of its objects, which the caller compares with the keys
   * the text writes (hasNoDuplicateKey, or a compaction's count); where they differ, this parse is not the answer.
   */
  uncheckedKeys?: number;
}

const BOM = '\uFEFF';

/** The message of a file nested deeper than MAX_JSON_DEPTH. */
export const TOO_DEEP = `JSON nested deeper than ${MAX_JSON_DEPTH} levels; no dashboard needs that many: flatten it`;

/**
 * Parses strict JSON (no comments, no trailing commas, no key twice in one object). The
 * value comes from JSON.parse (exact, and `__proto__` stays an ordinary key); jsonc-parser
 * only explains failures, because its error positions are what a person needs. Only the
 * first error is reported: later ones are usually echoes of it. A UTF-8 byte-order mark
 * before the JSON is accepted and skipped. `duplicateKeys: false` skips that one check (and the
 * walk of the value that tells mayHoldInexactNumber). `holds` says what the file should hold, for an empty one.
 * `depthChecked`: these very bytes passed this parse before (same digest), so the depth scan of the text is not repeated.
 * `topLevelOnly` (with `duplicateKeys: false`): the caller reads a member or two near the top (a uid) and never walks the
 * value, so nothing recurses into it: no depth scan either (JSON.parse itself does not recurse).
 */
export function parseJsonDocument(text: string, file: string, options: { duplicateKeys?: boolean | 'deferred'; holds?: string; depthChecked?: boolean; topLevelOnly?: boolean } = {}): ParsedJson {
  const body = stripBom(text);
  if (body.trim() === '') {
    return failure(file, 1, 1, `the file is empty; ${options.holds ?? 'a dashboard file holds one JSON object'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const located = locateSyntaxError(body);
    if (located) return failure(file, located.line, located.col, located.message);
    return failure(file, 1, 1, `invalid JSON: ${(error as Error).message}`);
  }
  const survey = options.duplicateKeys === false ? undefined : surveyJsonValue(value);
  // Every later walk of the value recurses: a value nested deeper than any dashboard stops here, named.
  const deep = (survey === undefined && options.depthChecked !== true && options.topLevelOnly !== true) || survey?.tooDeep ? findDeepNesting(body) : undefined;
  if (deep !== undefined) {
    const at = positionOf(body, deep);
    return failure(file, at.line, at.col, TOO_DEEP);
  }
  if (survey !== undefined && options.duplicateKeys === 'deferred') return { value, diagnostics: [], mayHoldInexactNumber: survey.mayHoldInexactNumber, uncheckedKeys: survey.keys };
  const duplicate = survey === undefined || hasNoDuplicateKey(body, survey.keys) ? undefined : findDuplicateKey(body);
  if (duplicate) {
    const at = positionOf(body, duplicate.offset);
    const first = positionOf(body, duplicate.first);
    const message = `key ${JSON.stringify(duplicate.key)} appears twice in one object (first at line ${first.line}, col ${first.col}); JSON keeps only the last value silently: remove one`;
    return { value: undefined, diagnostics: [{ file, ...at, severity: 'error', rule: 'json-duplicate-key', message }] };
  }
  return survey === undefined ? { value, diagnostics: [] } : { value, diagnostics: [], mayHoldInexactNumber: survey.mayHoldInexactNumber };
}

/**
 * Position (1-based) of the value at `path`, for diagnostics that point into a valid document;
 * `{ key: true }`: of the member's key instead (an unknown key, a bad name).
 */
export function locateJsonPath(text: string, path: (string | number)[], options: { key?: boolean } = {}): { line: number; col: number } | undefined {
  const body = stripBom(text);
  const root = parseTree(body, [], { disallowComments: true, allowTrailingComma: false });
  if (!root) return undefined;
  const node = findNodeAtLocation(root, path);
  if (!node) return undefined;
  const key = options.key && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return positionOf(body, (key ?? node).offset);
}

/** Where the array at `path` is (its `[`) and each of its entries, from one parse of the text; undefined when it is no array there. */
export function locateJsonArray(text: string, path: (string | number)[]): { at: { line: number; col: number }; entries: { line: number; col: number }[] } | undefined {
  const body = stripBom(text);
  const root = parseTree(body, [], { disallowComments: true, allowTrailingComma: false });
  const node = root && findNodeAtLocation(root, path);
  if (node?.type !== 'array') return undefined;
  return { at: positionOf(body, node.offset), entries: (node.children ?? []).map((entry) => positionOf(body, entry.offset)) };
}

/** Where each member of the object at `path` writes its value, by key (the last of a key written twice), from one parse; undefined when it is no object there. */
export function locateJsonMembers(text: string, path: (string | number)[]): Map<string, { line: number; col: number }> | undefined {
  const body = stripBom(text);
  const root = parseTree(body, [], { disallowComments: true, allowTrailingComma: false });
  const node = root && findNodeAtLocation(root, path);
  if (node?.type !== 'object') return undefined;
  const members = new Map<string, { line: number; col: number }>();
  for (const member of node.children ?? []) {
    const [key, value] = member.children ?? [];
    if (typeof key?.value === 'string' && value !== undefined) members.set(key.value, positionOf(body, value.offset));
  }
  return members;
}

/** 1-based line and column (UTF-16 units, as editors count) of an offset. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function failure(file: string, line: number, col: number, message: string): ParsedJson {
  return { value: undefined, diagnostics: [{ file, line, col, severity: 'error', rule: 'json-syntax', message }] };
}

interface LocatedError {
  line: number;
  col: number;
  message: string;
}

/** A container the parser has opened: which kind, and where (1-based) its opening character is. */
interface OpenContainer {
  kind: 'object' | 'array';
  line: number;
  col: number;
}

/**
 * A text read as JSON with comments and trailing commas (tsconfig.json's and other tools' form), recovering from errors:
 * the value it could make out, and where the first error is (undefined when there is none), as locateSyntaxError says it.
 */
export function parseJsonLeniently(text: string): { value: unknown; error?: { line: number; col: number; message: string } } {
  const errors: ParseError[] = [];
  const value: unknown = parse(stripBom(text), errors, { allowTrailingComma: true, allowEmptyContent: true });
  return errors.length === 0 ? { value } : { value, error: locateSyntaxError(stripBom(text), { lenient: true }) };
}

function locateSyntaxError(text: string, options: { lenient?: boolean } = {}): LocatedError | undefined {
  const containers: OpenContainer[] = [];
  // jsonc-parser ends a container before it reports the missing closing character: that one is the container left open.
  let justEnded: OpenContainer | undefined;
  const open = (kind: OpenContainer['kind']) => (_offset: number, _length: number, line: number, character: number) => {
    justEnded = undefined;
    containers.push({ kind, line: line + 1, col: character + 1 });
  };
  const end = () => {
    justEnded = containers.pop();
  };
  let first: LocatedError | undefined;
  visit(
    text,
    {
      onObjectBegin: open('object'),
      onObjectEnd: end,
      onArrayBegin: open('array'),
      onArrayEnd: end,
      onError: (code, offset, length, startLine, startCharacter) => {
        if (first) return;
        const name = printParseErrorCode(code);
        const unclosed = name === 'CloseBraceExpected' || name === 'CloseBracketExpected' ? justEnded : containers[containers.length - 1];
        const comma = trailingCommaBefore(text, offset);
        first = comma === undefined
          ? { line: startLine + 1, col: startCharacter + 1, message: describeError(name, text, offset, length, unclosed) }
          : { ...positionOf(text, comma), message: 'trailing comma: JSON does not allow a comma before a closing brace or bracket' };
      },
    },
    { disallowComments: options.lenient !== true, allowTrailingComma: options.lenient === true },
  );
  return first;
}

function describeError(name: string, text: string, offset: number, length: number, inside: OpenContainer | undefined): string {
  if (offset >= text.length) return `unexpected end of file${closingHint(inside)}`;
  const found = text.slice(offset, offset + Math.max(1, Math.min(length, 20)));
  switch (name) {
    case 'InvalidSymbol':
      if (found.startsWith("'")) return `unexpected ${JSON.stringify(found)}: JSON needs double quotes`;
      return `unexpected ${JSON.stringify(found)}`;
    case 'InvalidNumberFormat':
      return `invalid number ${JSON.stringify(found)}`;
    case 'PropertyNameExpected':
      return `expected a property name in double quotes, found ${describeToken(found, length)}`;
    case 'ValueExpected':
      return `expected a value, found ${describeToken(found, length)}`;
    case 'ColonExpected':
      return `expected a colon after the property name, found ${describeToken(found, length)}: add ":" between the name and its value`;
    case 'CommaExpected':
      return inside?.kind === 'array' ? 'expected a comma or closing bracket' : 'expected a comma or closing brace';
    case 'CloseBraceExpected':
      return 'expected a comma or closing brace';
    case 'CloseBracketExpected':
      return 'expected a comma or closing bracket';
    case 'EndOfFileExpected':
      return 'unexpected content after the end of the JSON value';
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
      return 'incomplete number';
    case 'InvalidUnicode':
      return 'invalid \\u escape in string';
    case 'InvalidEscapeCharacter':
      return 'invalid escape character in string';
    case 'InvalidCharacter':
      return 'control character in string (escape it, e.g. \\n or \\t)';
    default:
      return 'invalid JSON';
  }
}

/** The token found where another was expected, as its text: a string token already holds its quotes (quoting it again would escape them). */
function describeToken(found: string, length: number): string {
  if (found.startsWith('"')) return `the string ${found}${length > found.length ? '…' : ''}`;
  return JSON.stringify(found);
}

function closingHint(unclosed: OpenContainer | undefined): string {
  if (unclosed === undefined) return '';
  const [what, opener] = unclosed.kind === 'object' ? ['brace', '{'] : ['bracket', '['];
  return ` (missing closing ${what} for the "${opener}" at line ${unclosed.line}, col ${unclosed.col})`;
}

/** The offset of the comma right before the closing brace or bracket at `offset`, if that is the error. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  const found = text[offset];
  if (found !== '}' && found !== ']') return undefined;
  for (let i = offset - 1; i >= 0; i -= 1) {
    const ch = text[i]!;
    if (!/\s/.test(ch)) return ch === ',' ? i : undefined;
  }
  return undefined;
}
