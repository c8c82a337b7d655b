/**
 * The temporary name of a library panel that hands its name over (orderNameHandovers): `<uid> (being replaced by
 * <taker uid>)`, with ` 2`, ` 3`… when the folder has that name already. Built and read here only.
 */
export function handoverName(holderUid: string, takerUid: string, n = 1): string {
  return `${holderUid} (being replaced by ${takerUid})${n > 1 ? ` ${n}` : ''}`;
}

/** The handover `panel`'s name says it is in, or null: a name of that form counts only on the panel whose uid it starts with. */
export function readHandoverName(panel: { uid: string; name: string }): { from: string; to: string } | null {
  const match = /^(\S+) \(being replaced by (\S+)\)(?: [2-9]| [1-9]\d+)?$/.exec(panel.name);
  return match !== null && match[1] === panel.uid ? { from: match[1], to: match[2]! } : null;
}
