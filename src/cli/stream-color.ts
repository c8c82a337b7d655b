import type { OutputStream } from './cli-io.js';

/** FORCE_COLOR values that turn colour on (as Node reads them); any other value turns it off. */
const FORCE_ON = new Set(['', '1', 'true', '2', '3']);

/**
 * Whether to colour what is written to one stream. Each stream decides for itself, so
 * `dashsync apply > out.txt` with stderr on a terminal writes no escape code into the file:
 *
 * 1. `--color` / `--no-color`, when given;
 * 2. `FORCE_COLOR`: `1`, `true`, `2`, `3` or empty → colour, whatever NO_COLOR says (as in
 *    Node); any other value (`0`, `false`) → none;
 * 3. `NO_COLOR` set and not empty → none;
 * 4. `TERM=dumb` → none;
 * 5. otherwise colour exactly when the stream is a terminal.
 */
export function streamColor(stream: OutputStream, flag: boolean | undefined, env: Record<string, string | undefined>): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return FORCE_ON.has(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
