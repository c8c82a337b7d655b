import type { FirstAddition } from '../git/read-first-additions.js';

/**
 * Pure: what a `uid-duplicate` line on `file` adds about which of the files sharing the uid is the copy to change
 * (`others`: the files it shares it with; all as shown): the one git added first is the original, a later or
 * uncommitted one a copy. `added`: each file's first addition (readFirstAdditions, keyed as shown); null without git.
 */
export function describeUidCopy(file: string, others: readonly string[], added: ReadonlyMap<string, FirstAddition> | null): string {
  if (added === null) return '; git cannot tell which of them is the copy (no git repository here)';
  const all = [file, ...others];
  const held = all.filter((path) => added.has(path));
  if (held.length === 0) return `; git holds none of them yet, so it cannot tell which is the copy`;
  const first = Math.min(...held.map((path) => added.get(path)!.order));
  const originals = held.filter((path) => added.get(path)!.order === first);
  if (originals.length > 1) return `; git added ${originals.includes(file) ? `this file and ${originals.filter((path) => path !== file).join(', ')}` : originals.join(' and ')} in one commit, so it cannot tell which is the copy`;
  const original = originals[0]!;
  const copies = all.filter((path) => path !== original);
  const copied = copies.length === 1 ? `${copies[0] === file ? 'this file' : copies[0]} is the copy` : `the others are copies`;
  return `; git held ${original === file ? 'this file' : original} first, so ${copied}`;
}
