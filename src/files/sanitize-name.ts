import { dropTerminalSequences } from './drop-terminal-sequences.js';
import { transliterate } from './transliterate.js';

/**
 * File and directory names from titles that come from Grafana and are therefore untrusted.
 * The result is portable (lower-case `a-z 0-9 - _`, no dots, so never `..`, a hidden name,
 * an extension trick or a trailing dot that Windows drops), length-capped, and never one of
 * the names the tree reader or an operating system treats specially.
 */

/** Room for `-<uid up to 40>-<8 hex>.json` after the base stays well under 255 bytes. */
export const MAX_BASE_LENGTH = 60;

/** Device names Windows refuses as a file stem, whatever the extension (`con.json` too). */
const WINDOWS_RESERVED = new Set([
  'con', 'prn', 'aux', 'nul',
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

/** The tree reader skips `node_modules` and reads `_folder` as folder metadata. */
const TREE_RESERVED = new Set(['node_modules', '_folder']);

export type NameKind = 'dashboard' | 'folder';

/** Latin letters that Unicode decomposition does not reduce to a-z. */
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };

/**
 * The base name (no extension) for a title: '' when nothing portable is left (an empty,
 * whitespace-only, emoji-only or punctuation-only title, or one in a script Grafana's slug
 * does not spell in Latin letters, such as Greek or Japanese); the caller then falls back to
 * the uid. Cyrillic and Hebrew are spelled as Grafana's URL spells them. A terminal's control sequences go whole first
 * (dropTerminalSequences): an OSC 8 link's URL is no part of a name. Pure and deterministic.
 */
export function sanitizeName(title: string, kind: NameKind): string {
  const base = transliterate(dropTerminalSequences(title).toLowerCase())
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // Again: a compatibility form can decompose into capitals (`Ⅸ` → `IX`).
    .toLowerCase()
    .replace(/[ßæœøđłþð]/g, (letter) => LETTERS[letter]!)
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_BASE_LENGTH)
    .replace(/^[-_]+|[-_]+$/g, '');
  return isReservedName(base) ? `${base}-${kind}` : base;
}

/** A uid as a name part: uids are `[A-Za-z0-9_-]` already; lower-cased for case-insensitive file systems. */
export function uidNamePart(uid: string): string {
  return uid.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 40);
}

function isReservedName(base: string): boolean {
  return WINDOWS_RESERVED.has(base) || TREE_RESERVED.has(base);
}
