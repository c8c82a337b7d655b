import { isPlainObject } from '../files/is-plain-object.js';
import { EARLY_PANEL_STEP_KEYS, earlyPanelStepsFrom } from '../grafana-migration/early-panel-steps.js';
import { editOnCopy } from './edit-on-copy.js';
import { equalButFileNulls } from './equal-but-file-nulls.js';
import { isDeepEqual } from './is-deep-equal.js';

type Json = Record<string, unknown>;

/**
 * Pure: a live panel with the file's own value back on each key where Grafana holds exactly what V17–V22, V24 and V26 make
 * of the file's panel at `schemaVersion` (grafana-migration/early-panel-steps.ts): a grafonnet-era panel link rewritten as
 * `{url, title}`, `minSpan` as `maxPerRow`, `text2` as `text`, an Angular table as the React table, …, which every
 * v1-family save of the file writes again.
 * A key the step left as the file has it, or that Grafana holds otherwise (an edit, or a release whose step did not reach a
 * collapsed row's panel), stays as Grafana holds it; but links are taken back one by one, and one whose title alone was
 * edited is the file's link with that title (the title is the one thing V19 carries over as it is). A copy where anything
 * is taken back; `live` itself otherwise.
 */
export function withoutEarlyStepOutputs(live: Json, file: Json, schemaVersion: number): Json {
  if (schemaVersion >= 26) return live;
  // V24 stamps the instance's table plugin version, which only the live panel tells.
  const stepped = earlyPanelStepsFrom(file, schemaVersion, { tablePluginVersion: typeof live.pluginVersion === 'string' ? live.pluginVersion : undefined });
  if (stepped === file) return live;
  const { set, result } = editOnCopy(live);
  for (const key of EARLY_PANEL_STEP_KEYS) {
    if (isDeepEqual(stepped[key], file[key])) continue;
    // The cleanup also drops the nulls a step writes (V24's base threshold step `value: null`).
    if (equalButFileNulls(heldAfterCleanup(live, key, stepped[key]), stepped[key])) set(key, file[key]);
    else if (key === 'links') {
      const links = asFileLinks(live.links, stepped.links, file.links);
      if (links !== live.links) set(key, links);
    }
  }
  return result();
}

/**
 * What Grafana holds at `key` of a panel whose step wrote `stepped` there: the live value, or where the live panel has
 * none, the `options: {}` or `links: []` a step leaves (a text2 panel's `{angular: true}`), which the cleanup drops.
 */
function heldAfterCleanup(live: Json, key: string, stepped: unknown): unknown {
  if (Object.hasOwn(live, key)) return live[key];
  return isDeepEqual(stepped, {}) || isDeepEqual(stepped, []) ? stepped : undefined;
}

/** Each live link that is V19's form of the file's link at its place, or that form with another title, as the file's. */
function asFileLinks(live: unknown, stepped: unknown, file: unknown): unknown {
  if (!Array.isArray(live) || !Array.isArray(stepped) || !Array.isArray(file) || stepped.length !== file.length) return live;
  let changed = false;
  const links = live.map((link, index) => {
    const [own, made] = [file[index], stepped[index]];
    if (!isPlainObject(link) || !isPlainObject(own) || !isPlainObject(made) || isDeepEqual(own, made)) return link;
    if (isDeepEqual(link, made)) return ((changed = true), own);
    if (isDeepEqual({ ...link, title: made.title }, made)) return ((changed = true), { ...own, title: link.title });
    return link;
  });
  return changed ? links : live;
}
