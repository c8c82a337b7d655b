/**
 * One place that makes text from outside (dashboard titles and uids, file and folder names,
 * Grafana's messages, user names) safe to print. Every renderer passes such text through
 * these before a terminal, a CI log or a pull-request comment sees it, so a title cannot move
 * the cursor, recolour or clear the screen, set the terminal's title, hide text behind
 * right-to-left overrides, start a line of its own, or act as a GitHub Actions workflow command.
 */

import { cutText } from './cut-text.js';

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * C0 controls (ESC, BEL, CR, LF, TAB, …), DEL, C1 controls (8-bit CSI and OSC among them),
 * the bidirectional embeddings, overrides and isolates, the directional marks, the line
 * and paragraph separators some viewers break lines at, and the characters that show as
 * nothing at all (soft hyphen, zero-width space, word joiner, invisible operators, BOM), which
 * make `Pro\u200bd` read as `Prod` — every default-ignorable code point of Unicode (the combining grapheme joiner, the
 * Hangul fillers, the Mongolian vowel separator and the Khmer inherent vowels, the deprecated format characters
 * U+206A–U+206F, the tag characters U+E0000–U+E007F, which spell whole words no one sees, and the unassigned rest of
 * U+E0000–U+E0FFF). The zero-width joiner and non-joiner stay, and so does every variation selector: U+FE00–U+FE0F,
 * the Mongolian free variation selectors U+180B–U+180D and U+180F, and the ideographic ones U+E0100–U+E01EF. Emoji
 * sequences, several scripts (Persian, the Indic ones, Mongolian) and names written in CJK ideographs (葛 U+845B U+E0100
 * in 葛飾区) need them to show as written, and a selector only picks the form of the character before it.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufff8]|\ud82f[\udca0-\udca3]|\ud834[\udd73-\udd7a]|\udb40[\udc00-\udcff\uddf0-\udfff]|[\udb41-\udb43][\udc00-\udfff]/g;

/**
 * Text to be stored where others show it raw (a version message in Grafana's history): each character above becomes
 * `replacement`, since none of them carries meaning there.
 */
export function replaceInvisible(text: string, replacement: string): string {
  return text.replace(INVISIBLE, replacement);
}

/**
 * Text for a terminal or a log line: each character above becomes a visible escape (`\x1b`,
 * `\n`, `\u202e`), and the two spellings the GitHub Actions runner acts on are broken up —
 * `##[` anywhere in a line (the legacy command form) and `::` at the start of one (it may
 * start a line: a file name leads a diagnostic). Text that needs none of it comes back as is.
 */
export function escapeText(text: string): string {
  let escaped = showControls(text);
  if (escaped.includes('##[')) escaped = escaped.replace(/##\[/g, '#\\x23[');
  if (/^\s*::/.test(escaped)) escaped = escaped.replace(/::/, '\\x3a:');
  return escaped;
}

/** How many characters of a quoted name a line shows: the uid and the file beside it say which one it is. */
const QUOTED_TEXT_CHARS = 200;

/**
 * Text from outside (a title, a folder or library panel name, a commit subject) in double quotes for a terminal or a log
 * line, cut to QUOTED_TEXT_CHARS with `…` (cutText, as a markdown table cuts a title), with `"` and `\` inside escaped
 * (`"Ops: \"p99\""`): the quotes end where the name ends, and a backslash the name holds reads apart from the escapes
 * escapeText writes for controls. The line still goes through escapeText.
 */
export function quoteText(text: string): string {
  return `"${cutText(text, QUOTED_TEXT_CHARS).replace(/[\\"]/g, '\\$&')}"`;
}

/** Each character of INVISIBLE as a visible escape (`\x1b`, `\n`, `\u202e`). */
function showControls(text: string): string {
  return text.replace(INVISIBLE, (ch) => NAMED[ch] ?? codeEscape(ch));
}

/**
 * The workflow-command spellings in Markdown or HTML already escaped, as entities a reader never sees: `##[` as `#&num;[`
 * and a leading `::` as `&colon;:`. GitHub renders both as written, so the comment shows the title itself; the raw text,
 * were it ever printed to a log, holds no command.
 */
function hideWorkflowCommands(escaped: string): string {
  let hidden = escaped.includes('##[') ? escaped.replace(/##\[/g, '#&num;[') : escaped;
  if (/^\s*::/.test(hidden)) hidden = hidden.replace(/::/, '&colon;:');
  return hidden;
}

/**
 * A JSON text (a diff value) for a terminal or a log line: escapeText, with the controls JSON
 * spells its own way (`\u001b`, `\b`, `\f`) written as escapeText writes them in a title
 * (`\x1b`, `\x08`, `\x0c`): one spelling for a character from outside, wherever it shows.
 */
export function escapeJsonText(json: string): string {
  const raw = json.includes('\\') ? json.replace(/\\(\\|u00[01][0-9a-fA-F]|[bf])/g, jsonControl) : json;
  return escapeText(raw);
}

/** One JSON escape: a control back to the character (escapeText spells it), an escaped backslash kept as it is. */
function jsonControl(escape: string, code: string): string {
  if (code === '\\') return escape;
  if (code === 'b') return '\b';
  if (code === 'f') return '\f';
  return String.fromCharCode(parseInt(code.slice(1), 16));
}

/**
 * Markdown prose or a table cell: the controls made visible, then what Markdown or HTML would interpret (`|`, `*`, `[`,
 * `<`, …), the workflow-command spellings as entities (hideWorkflowCommands), then what GitHub would link (breakGitHubReferences).
 */
export function escapeMarkdown(text: string): string {
  const escaped = showControls(text)
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => ENTITIES[ch]!);
  return breakGitHubReferences(hideWorkflowCommands(escaped));
}

/** Inline code (a uid, a path), safe inside a table cell: a backtick fence longer than any run inside it. */
export function markdownCode(text: string): string {
  const body = escapeText(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Text inside HTML (a `<summary>`): escapeHtmlCode, then what GitHub would link (breakGitHubReferences). */
export function escapeHtml(text: string): string {
  return breakGitHubReferences(escapeHtmlCode(text));
}

/**
 * Text inside an HTML `<code>` (a uid): the controls made visible, then `& < > "`, the workflow-command spellings as entities. GitHub links nothing in code, and a
 * zero-width space there would travel with a uid copied from the comment (`gh-2024` into `dashsync restore`).
 */
export function escapeHtmlCode(text: string): string {
  return hideWorkflowCommands(showControls(text).replace(/[&<>"]/g, (ch) => ENTITIES[ch]!));
}

/**
 * What GitHub links in a comment or a job summary, outside code: `@name` and `@org/team` (a mention, which notifies
 * that user or team) and `#123`, `GH-123` (an issue reference, which also adds a "mentioned" event to that issue). A
 * zero-width space written as the entity `&#8203;` goes after the `@`, `#` or `GH-`: GitHub shows the same text and
 * links nothing (what Renovate's sanitizeMarkdown does). Code spans need none of it: GitHub links nothing in code.
 * The input is Markdown or HTML already escaped, so the entity is the only `&` sequence that renders.
 */
function breakGitHubReferences(escaped: string): string {
  // One pass: a second one would find the entity's own `#8203`.
  return escaped.replace(/@(?=[A-Za-z0-9])|#(?=\d)|\bGH-(?=\d)/gi, '$&&#8203;');
}

/**
 * A JSON document for stdout, with the same data: the characters above as `\uXXXX` escapes
 * (JSON.stringify leaves DEL, C1 and the bidi controls raw) and `##[` as `#\u0023[`, which
 * every JSON parser reads back as the same string.
 */
export function escapeJsonOutput(json: string): string {
  return escapeInvisibleInJson(json).replace(/##\[/g, '#\\u0023[');
}

/** JSON text with the invisible characters JSON.stringify leaves raw (DEL, C1, bidi controls, zero widths) as `\uXXXX` escapes: the same data. */
export function escapeInvisibleInJson(json: string): string {
  return json.replace(RAW_IN_JSON, codeEscape16);
}

/** INVISIBLE without C0: JSON.stringify escapes those inside strings, and its own newlines are layout. */
const RAW_IN_JSON = /[\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\uffa0\ufff0-\ufff8\ufeff]|\ud82f[\udca0-\udca3]|\ud834[\udd73-\udd7a]|\udb40[\udc00-\udcff\uddf0-\udfff]|[\udb41-\udb43][\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function codeEscape(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code > 0xffff) return `\\u{${code.toString(16)}}`;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : codeEscape16(ch);
}

/** Each UTF-16 unit as `\uXXXX` (a character beyond the basic plane as its surrogate pair: JSON's own spelling). */
function codeEscape16(ch: string): string {
  return [...Array(ch.length).keys()].map((index) => `\\u${ch.charCodeAt(index).toString(16).padStart(4, '0')}`).join('');
}
