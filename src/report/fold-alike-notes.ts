import type { PlanWarning } from '../plan/types.js';
import { groupBy } from '../group-by.js';

/** Past this many notes alike but for the dashboard they name, they are one line (as same-content drift is). */
const ALIKE_NOTES_FOLDED = 10;

/** Uids the folded line names before `and N more`. */
const ALIKE_NOTES_NAMED = 5;

/**
 * Pure: more than ALIKE_NOTES_FOLDED notes that say the same of different dashboards (`older schema: <uid> "<title>"
 * (<file>): <the same words>`) become one note in the first one's place, naming the first ALIKE_NOTES_NAMED uids and
 * the count (`older schema: d0100, d0101, … and 45 more, each: <the same words> (<listsAll>)`). A note whose words differ
 * in anything but its uid, title and file (another schemaVersion, another commit) stays apart; so does every other note.
 */
export function foldAlikeNotes(warnings: readonly PlanWarning[], listsAll: string): readonly PlanWarning[] {
  const folded = new Map<PlanWarning, PlanWarning | null>();
  for (const [key, alike] of groupBy(warnings, alikeKey)) {
    if (key === null || alike.length <= ALIKE_NOTES_FOLDED) continue;
    const [label, words] = key.split('\u0000') as [string, string];
    const uids = alike.map((note) => note.uid!);
    const named = `${uids.slice(0, ALIKE_NOTES_NAMED).join(', ')} and ${uids.length - ALIKE_NOTES_NAMED} more`;
    alike.forEach((note, index) => folded.set(note, index === 0 ? { kind: 'note', uid: null, message: `${label}: ${named}, each: ${words} (${listsAll})` } : null));
  }
  if (folded.size === 0) return warnings;
  return warnings.flatMap((warning) => {
    const replaced = folded.get(warning);
    return replaced === undefined ? [warning] : replaced === null ? [] : [replaced];
  });
}

/**
 * `<label>\0<words>` of a note about one dashboard written `<label>: <uid> "<title>"[ (<file>)]: <words>` (the title as
 * quoteText writes it); null for any other warning or note.
 */
function alikeKey(warning: PlanWarning): string | null {
  if (warning.kind !== 'note' || warning.uid === null) return null;
  const { message, uid } = warning;
  const label = /^([a-z][a-z ]*[a-z]): /.exec(message);
  if (label === null || !message.startsWith(`${uid} "`, label[0].length)) return null;
  const afterUid = label[0].length + uid.length + 1;
  const title = /^"(?:[^"\\]|\\.)*"/.exec(message.slice(afterUid));
  if (title === null) return null;
  let rest = message.slice(afterUid + title[0].length);
  if (rest.startsWith(' (')) {
    const fileEnd = rest.indexOf('): ');
    if (fileEnd === -1) return null;
    rest = rest.slice(fileEnd + 1);
  }
  return rest.startsWith(': ') ? `${label[1]}\u0000${rest.slice(2)}` : null;
}
