type Json = Record<string, unknown>;

/** Whether withFileNulls(live, file) (drop-migration-defaults.ts) is deep-equal to `file` (as isDeepEqual tells), without making it: `live` is `file` but for some of its nulls left out. */
export function equalButFileNulls(live: unknown, file: unknown): boolean {
  if (live === file) return true;
  if (typeof live !== 'object' || typeof file !== 'object' || live === null || file === null) return false;
  if (Array.isArray(live)) {
    if (!Array.isArray(file) || live.length !== file.length) return false;
    for (let index = 0; index < live.length; index += 1) if (!equalButFileNulls(live[index], file[index])) return false;
    return true;
  }
  if (Array.isArray(file)) return false;
  const held = live as Json;
  const fileObject = file as Json;
  const keys = Object.keys(held);
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index]!;
    if (!Object.hasOwn(fileObject, key) || !equalButFileNulls(held[key], fileObject[key])) return false;
  }
  const fileKeys = Object.keys(fileObject);
  let restored = keys.length;
  for (let index = 0; index < fileKeys.length && restored < fileKeys.length; index += 1) {
    const key = fileKeys[index]!;
    if (Object.hasOwn(held, key)) continue;
    // An assignment to `__proto__` makes no key of it: withFileNulls' own answer stands.
    if (fileObject[key] !== null || key === '__proto__') return false;
    restored += 1;
  }
  return restored === fileKeys.length;
}
