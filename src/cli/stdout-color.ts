/**
 * The plan goes to stdout, so colours follow stdout: `--color`/`--no-color` decide when given;
 * otherwise colour only when the settings allow it (NO_COLOR unset, a terminal) and stdout
 * itself is a terminal — `dashsync plan > plan.txt` writes no escape codes.
 */
export function stdoutColor(flag: boolean | undefined, settingsColor: boolean): boolean {
  return flag ?? (settingsColor && process.stdout.isTTY === true);
}
