/** The line under a diff cut at its first changes (text and markdown): `… and 1 more change`, `… and 3 more changes`. */
export function moreChanges(count: number): string {
  return `… and ${count} more ${count === 1 ? 'change' : 'changes'}`;
}
