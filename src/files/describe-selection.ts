import type { Settings } from '../config/types.js';

/**
 * Pure: the include/exclude lists in effect, as messages name them (`environment "production"'s
 * exclude in dashsync.config.json`, both joined with "and"); null when there are none.
 */
export function describeSelection(settings: Pick<Settings, 'include' | 'exclude'> & Partial<Pick<Settings, 'selectionFrom'>>): string | null {
  const from = settings.selectionFrom ?? { include: '--include', exclude: '--exclude' };
  const lists = [settings.include.length > 0 ? from.include : null, settings.exclude.length > 0 ? from.exclude : null].filter((list) => list !== null);
  return lists.length === 0 ? null : lists.join(' and ');
}
