/**
 * The title a path label carries, quoted: the one both sides share, or the only one there is.
 * None when it changed: a label naming either title would mislabel the other side's value
 * (`- panels[id=2 "Connected clients"].title: "Clients"`), and the title's own line shows both.
 */
export function labelTitle(before: string | undefined, after: string | undefined): string | undefined {
  if (before && after && before !== after) return undefined;
  const title = after || before;
  return title ? JSON.stringify(title) : undefined;
}

/** A panel's title, when it has one (a non-empty string). */
export function titleOf(item: Record<string, unknown> | undefined): string | undefined {
  return item && typeof item.title === 'string' && item.title !== '' ? item.title : undefined;
}
