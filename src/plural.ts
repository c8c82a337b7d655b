/** `1 dashboard`, `2 dashboards`, `0 library panels`: a count and its noun (one whose plural takes an `s`). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
