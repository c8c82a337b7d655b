/** Pure: up to `count` of `items`, spread evenly over them from the first to the last (all of them when there are no more). */
export function spreadSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 1) return items.slice(0, Math.max(count, 0));
  return Array.from({ length: count }, (_, index) => items[Math.round((index * (items.length - 1)) / (count - 1))]!);
}

/**
 * Pure: up to `count` of the creates' uids, one of each folder first (the folders spread as spreadSample spreads them), then
 * spread over the rest up to its last (its first is most often the one just after a folder's first). A folder's permissions
 * hide all of its dashboards or none, so a sample that touches more folders meets a hidden one more often than one spread over
 * the dashboards alone, where a large folder of new files takes most of the reads; a tree of one folder is read as before.
 */
export function spreadOverFolders(creates: readonly { uid: string; folderUid: string | null }[], count: number): string[] {
  const firstOfFolder = new Map<string | null, string>();
  for (const create of creates) if (!firstOfFolder.has(create.folderUid)) firstOfFolder.set(create.folderUid, create.uid);
  const picked = spreadSample([...firstOfFolder.values()], count);
  const taken = new Set(picked);
  const rest = creates.filter((create) => !taken.has(create.uid)).map((create) => create.uid);
  const left = count - picked.length;
  return [...picked, ...(rest.length <= left ? rest : spreadSample(rest, left + 1).slice(1))];
}
