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

/**
 * A panel's title, when it has one (a non-empty string); a library panel's reference without one goes by the library
 * panel's name (Grafana keeps a reference's id, title, gridPos and `libraryPanel` alone, most often no title).
 */
export function titleOf(item: Record<string, unknown> | undefined): string | undefined {
  if (!item) return undefined;
  if (typeof item.title === 'string' && item.title !== '') return item.title;
  const reference = item.libraryPanel;
  if (typeof reference !== 'object' || reference === null) return undefined;
  const name = (reference as Record<string, unknown>).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
