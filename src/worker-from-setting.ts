/**
 * A worker threshold variable as set (DASHSYNC_TREE_WORKER_FROM, DASHSYNC_DECISION_WORKER_FROM): null for never (`off` or
 * `0`), the whole number it names, or undefined where it is unset or names neither (the caller's default applies).
 */
export function workerFromSetting(setting: string | undefined): number | null | undefined {
  const value = setting?.trim().toLowerCase();
  if (value === 'off' || value === '0') return null;
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}
