import type { OutputStream } from './cli-io.js';

/**
 * The plan goes to stdout, so colours follow stdout: `--color`/`--no-color` decide when given;
 * otherwise colour only when the settings allow it (NO_COLOR unset, a terminal) and stdout
 * itself is a terminal — `dashsync plan > plan.txt` writes no escape codes.
 */
export function stdoutColor(flag: boolean | undefined, settingsColor: boolean, stdout: OutputStream): boolean {
  return flag ?? (settingsColor && stdout.isTTY === true);
}
