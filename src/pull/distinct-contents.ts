/**
 * Pure: `versions` (newest first) with each run of versions holding the same content as one, named by its oldest commit
 * (the one that brought that content): a commit that only respelled a file is no change. A text whose `contentOf` is null (no
 * usable content) counts as its own content. `placeOf`: where a version was counts too (the folder its directory stood for:
 * a commit that only moved the file is a change).
 */
export function distinctContents<T extends { text: string; commit: string }>(versions: readonly T[], contentOf: (text: string, version: T) => string | null, placeOf?: (version: T) => string | null | undefined): T[] {
  const runs: { version: T; key: string | null }[] = [];
  for (const version of versions) {
    const content = contentOf(version.text, version);
    const key = content === null || placeOf === undefined ? content : `${content}\0${String(placeOf(version))}`;
    const last = runs.at(-1);
    if (last !== undefined && key !== null && last.key === key) last.version = version;
    else runs.push({ version, key });
  }
  return runs.map((run) => run.version);
}
