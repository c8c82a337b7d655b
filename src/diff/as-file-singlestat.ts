import { migrateSinglestat } from '../grafana-migration/v28-singlestat.js';
import { upgradePanelMappings } from '../grafana-migration/v30-value-mappings.js';
import { equalButFileNulls } from './equal-but-file-nulls.js';
import { isDeepEqual } from './is-deep-equal.js';

type Json = Record<string, unknown>;

const SINGLESTAT_TYPES: ReadonlySet<unknown> = new Set(['singlestat', 'grafana-singlestat-panel']);

/** Whether a file panel's type is one V28 converts into a stat panel. */
export function isSinglestatType(type: unknown): boolean {
  return SINGLESTAT_TYPES.has(type);
}

/**
 * Pure: a live `stat` panel that is V28's conversion of its file's singlestat (schemaversion/v28.go migrateSinglestatPanel,
 * below schemaVersion 28: type, plugin version, options, thresholds, unit, mappings as V30 then merges them; the Angular
 * keys dropped), with the
 * file's own value back on every key where Grafana holds exactly what the conversion writes (less nulls, which the
 * migration's cleanup drops). V28 converts a panel the cleanup did not rename first: every one where the cleanup runs
 * after the steps (12.3+, 13) or not at all (12.0–12.2). A push of the file converts
 * it again, so that is no change; a key edited since (an option set in the UI) keeps Grafana's value, and shows.
 * `live` itself where it is no such conversion (a panel the cleanup renamed carries `autoMigrateFrom`).
 */
export function asFileSinglestat(live: Json, file: Json): Json {
  if (live.type !== 'stat' || !isSinglestatType(file.type) || Object.hasOwn(live, 'autoMigrateFrom')) return live;
  const converted = structuredClone(file);
  migrateSinglestat(converted);
  // V30 runs next on a file below 28 too: it merges the value mappings V28 wrote one a value into one.
  upgradePanelMappings(converted);
  let result = live;
  for (const key of new Set([...Object.keys(converted), ...Object.keys(file)])) {
    if (isDeepEqual(live[key], file[key])) continue;
    const written = Object.hasOwn(converted, key);
    if (written !== Object.hasOwn(live, key) || (written && !equalButFileNulls(live[key], converted[key]))) continue;
    if (result === live) result = { ...live };
    if (Object.hasOwn(file, key)) result[key] = file[key];
    else delete result[key];
  }
  return result;
}
