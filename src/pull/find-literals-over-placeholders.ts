import { mapStrings } from '../files/resolve-inputs.js';

/** A datasource placeholder of the file that pull's version holds as a literal: no input of this run maps that value. */
export interface LiteralOverPlaceholder {
  /** The input the file named there (`DS_PROMETHEUS`). */
  name: string;
  /** The literal written in its place (`thanos-prod`). */
  value: string;
}

const BARE_DATASOURCE_PLACEHOLDER = /^\$\{(DS_[A-Za-z0-9_]+)\}$/;

/**
 * Pure: where `written` (the file as it was, placeholders kept) holds a bare `${DS_…}` and `pulled` (what pull writes, in the
 * same schema) holds a literal at the same place: someone pointed that panel at a datasource no input maps, and every other
 * environment deploying the file would get it. Each name and value once, in the file's order.
 */
export function findLiteralsOverPlaceholders(written: unknown, pulled: unknown): LiteralOverPlaceholder[] {
  const found = new Map<string, LiteralOverPlaceholder>();
  mapStrings(written, [], (text, path) => {
    const name = BARE_DATASOURCE_PLACEHOLDER.exec(text)?.[1];
    if (name === undefined) return text;
    const now = valueAt(pulled, path);
    if (typeof now === 'string' && now !== '' && !now.includes('$')) found.set(`${name}\0${now}`, { name, value: now });
    return text;
  });
  return [...found.values()];
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}
