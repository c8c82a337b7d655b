import { createHash } from 'node:crypto';
import { plainName } from './pulled-file.js';
import { uidNamePart, type NameKind } from './sanitize-name.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

export interface NameCandidate {
  uid: string;
  title: string;
}

export interface AssignNamesInput {
  candidates: NameCandidate[];
  kind: NameKind;
  /** Appended to every name: `.json` for dashboards, '' for folder directories. */
  extension: string;
  /**
   * True when `name` (lower-case, with extension) cannot be used for this uid in the target
   * directory: an existing file or directory that belongs to something else.
   */
  isTaken: (name: string, uid: string) => boolean;
}

/**
 * Pure: a unique, portable name for each candidate of one directory. Deterministic for the
 * same candidates and directory, whatever order Grafana listed them in: a title keeps its
 * plain name only when no other candidate wants it and nothing on disk holds it; otherwise
 * every contender gets `-<uid>` (and, should that clash too, a hash of the exact uid).
 * Names are compared lower-case, so case-insensitive file systems cannot merge two files.
 */
export function assignNames(input: AssignNamesInput): Map<string, string> {
  const { kind, extension } = input;
  const sorted = [...input.candidates].sort(compareCodeUnitsBy(({ uid }) => uid));
  const baseOf = new Map(sorted.map((c) => [c.uid, plainName(c.title, c.uid, kind)]));
  const wanted = new Map<string, number>();
  for (const base of baseOf.values()) wanted.set(base, (wanted.get(base) ?? 0) + 1);

  const used = new Set<string>();
  const names = new Map<string, string>();
  const free = (name: string, uid: string) => !used.has(name) && !input.isTaken(name, uid);
  const take = (uid: string, name: string) => {
    used.add(name);
    names.set(uid, name);
  };

  // Plain names first, so a suffixed name can never steal a title's plain name.
  for (const { uid } of sorted) {
    const base = baseOf.get(uid)!;
    const plain = `${base}${extension}`;
    if (wanted.get(base) === 1 && free(plain, uid)) take(uid, plain);
  }
  for (const { uid } of sorted) {
    if (names.has(uid)) continue;
    const base = baseOf.get(uid)!;
    const withUid = `${base}-${uidNamePart(uid)}`;
    const withHash = `${withUid}-${shortHash(uid)}`;
    let name = free(`${withUid}${extension}`, uid) ? `${withUid}${extension}` : `${withHash}${extension}`;
    for (let n = 2; !free(name, uid); n += 1) name = `${withHash}-${n}${extension}`;
    take(uid, name);
  }
  return names;
}

function shortHash(uid: string): string {
  return createHash('sha256').update(uid).digest('hex').slice(0, 8);
}
