import { EARLY_PANEL_STEP_KEYS, earlyPanelStepsFrom } from '../grafana-migration/early-panel-steps.js';
import { isDeepEqual } from './is-deep-equal.js';

type Json = Record<string, unknown>;

/**
 * Pure: a live panel with the file's own value back on each key where Grafana holds exactly what V17–V22 and V26 make of
 * the file's panel at `schemaVersion` (grafana-migration/early-panel-steps.ts): a grafonnet-era panel link rewritten as
 * `{url, title}`, `minSpan` as `maxPerRow`, `text2` as `text`, …, which every v1-family save of the file writes again.
 * A key the step left as the file has it, or that Grafana holds otherwise (an edit, or a release whose step did not reach a
 * collapsed row's panel), stays as Grafana holds it. A copy where anything is taken back; `live` itself otherwise.
 */
export function withoutEarlyStepOutputs(live: Json, file: Json, schemaVersion: number): Json {
  if (schemaVersion >= 26) return live;
  const stepped = earlyPanelStepsFrom(file, schemaVersion);
  let result = live;
  for (const key of EARLY_PANEL_STEP_KEYS) {
    // The cleanup drops an `options: {}` or `links: []` a step leaves (a text2 panel's `{angular: true}`).
    const held = Object.hasOwn(live, key) ? live[key] : isDeepEqual(stepped[key], {}) || isDeepEqual(stepped[key], []) ? stepped[key] : undefined;
    if (isDeepEqual(stepped[key], file[key]) || !isDeepEqual(held, stepped[key])) continue;
    if (result === live) result = { ...live };
    if (Object.hasOwn(file, key)) result[key] = file[key];
    else delete result[key];
  }
  return result;
}
