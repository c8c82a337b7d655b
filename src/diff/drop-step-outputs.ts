import { isPlainObject } from '../files/is-plain-object.js';
import { asFileSinglestat } from './as-file-singlestat.js';
import { editOnCopy } from './edit-on-copy.js';
import { isDeepEqual } from './is-deep-equal.js';
import { v33FormOf, v36FormOf, type NamedDatasources } from './v33-datasources.js';
import { v36Datasources, type V36Datasources } from './v36-datasources.js';

type Json = Record<string, unknown>;

/** V28 (schemaversion/v28.go) fills a stat panel's options with these where absent: the stat panel's own defaults. */
const STAT_OPTION_DEFAULTS: Readonly<Json> = { justifyMode: 'auto', percentChangeColorMode: 'standard', showPercentChange: false, textMode: 'auto', wideLayout: true };

export interface StepOutputOptions {
  /** The instance's default data source (GrafanaPort.defaultDatasource): what V36 gives a panel the file names none for. */
  defaultDatasource?: Readonly<Json>;
  /** The instance's data sources by name and uid (GrafanaPort.namedDatasources), where known: what V33/V36 resolve a string naming one to. */
  namedDatasources?: NamedDatasources;
  /** The file's panel sits in a collapsed row's `panels`: V36 leaves one without queries as it is. */
  nested?: boolean;
}

/** V35 (schemaversion/v35.go) appends this override to a timeseries panel whose axes are hidden. */
const TIME_AXIS_OVERRIDE: Readonly<Json> = { matcher: { id: 'byType', options: 'time' }, properties: [{ id: 'custom.axisPlacement', value: 'auto' }] };

/** Whether V36 passes the file's panel by: one without queries in a collapsed row (migratePanelDatasourcesInternal returns early). */
function passedByV36(file: Json, nested: boolean): boolean {
  return nested && !(Array.isArray(file.targets) && file.targets.length > 0);
}

/**
 * Pure: what V36 gives the file's panel (v36Datasources) where withoutStepOutputs works it out from the instance's default
 * data source: below 36, that default known, on a panel V36 does not pass by; undefined otherwise.
 */
export function v36GivenTo(file: Json, schemaVersion: number, { defaultDatasource, namedDatasources, nested = false }: StepOutputOptions): V36Datasources | undefined {
  if (schemaVersion >= 36 || defaultDatasource === undefined || passedByV36(file, nested)) return undefined;
  return v36Datasources(file, schemaVersion, defaultDatasource, namedDatasources);
}

/**
 * Pure: a live panel (a top-level one or a collapsed row's) without what Grafana's schema steps wrote into it where its file,
 * at `schemaVersion` (none: 0), says nothing, so that a push of the file would write it again: the steps run on every
 * v1-family save of a file below their version, so it is no change of anyone's. Only exact step output on keys the file
 * lacks is left out, and V28's conversion of the file's singlestat; another value a step derives from the file's own (V37's
 * legend, V38's table cell options) still shows. From a collapsed row's panels, 13.2 on, for V35 (PR #128476); the others
 * reached them before. Not for pull, which writes Grafana's schemaVersion with the panel (withoutMigrationDefaults).
 * - V28 (below 28): a singlestat's conversion into a stat panel where Grafana holds exactly it (asFileSinglestat); else,
 *   a stat panel: the option defaults it fills in (STAT_OPTION_DEFAULTS), the `options` it made;
 * - V35 (below 35), a timeseries panel with hidden axes: the time-axis override appended after the file's overrides;
 * - V36 (below 36): where the instance's default data source is known (`defaultDatasource`) and the file names no panel
 *   datasource, the one V36 gives the panel (the default, or its last query's own) and what each query without one copies
 *   (v36Datasources); otherwise a query's `datasource` where the file's has none and it holds `{}` (no panel datasource to
 *   copy) or the panel's (the file's own; where the file names none, the one Grafana holds, which shows itself when it is
 *   not the file's); the `[{refId: "A"}]` query (with such a datasource) given to a top-level panel without queries (none or
 *   `[]`), rows included; nothing for a collapsed row's panel without queries (`nested`), which V36 passes by;
 *   a row's `datasource`, which means nothing on a row;
 * - V33 (below 33, every panel) and V36 (below 36, a panel it does not pass by): the file's datasource string where Grafana
 *   holds what they make of it (v33FormOf; from 33 on v36FormOf, "default" included: the reference of the data source of
 *   that name in `namedDatasources`, else `{uid: s}`, as for grafonnet's `"$datasource"`), on the panel and its queries,
 *   and that form as the panel's a query naming none copies (`-- Mixed --`: the default instead).
 * `given`: v36GivenTo of the same arguments, which the caller keeps (showGivenDatasources).
 * A copy where anything is left out; `live` itself otherwise.
 */
export function withoutStepOutputs(live: Json, file: Json, schemaVersion: number, how: StepOutputOptions, given: V36Datasources | undefined): Json {
  if (schemaVersion >= 36) return live;
  const { defaultDatasource, namedDatasources, nested = false } = how;
  const singlestat = schemaVersion < 28 ? asFileSinglestat(live, file) : live;
  const converted = singlestat !== live;
  const { set, result } = editOnCopy(live, singlestat);
  if (schemaVersion < 28 && !converted && live.type === 'stat' && isPlainObject(live.options)) {
    const options = withoutStatDefaults(live.options, isPlainObject(file.options) ? file.options : {});
    if (options !== live.options) set('options', Object.keys(options).length === 0 && !Object.hasOwn(file, 'options') ? undefined : options);
  }
  if (schemaVersion < 35 && live.type === 'timeseries' && isPlainObject(live.fieldConfig)) {
    const fieldConfig = withoutTimeAxisOverride(live.fieldConfig, isPlainObject(file.fieldConfig) ? file.fieldConfig : {});
    if (fieldConfig !== live.fieldConfig) set('fieldConfig', fieldConfig);
  }
  // Where the instance's default is known, what V36 wrote of a panel the file names none for is worked out from the file:
  // the panel's datasource and each query's copy. Otherwise a query's copy is the panel's (the file's own, or the one
  // Grafana holds, which itself still shows), or `{}` where the panel has none.
  // V36 writes nothing into a collapsed row's panel without queries (migratePanelDatasourcesInternal returns early).
  const fileQueries = Array.isArray(file.targets) && file.targets.length > 0 ? file.targets : undefined;
  const passedBy = passedByV36(file, nested);
  // A panel's datasource named by a string: V33 (below 33) resolves it on every panel, V36 on one it does not pass by;
  // "default" V33 makes null, and V36 (from 33 on) resolves it as it does a query's (v36FormOf).
  const nameForm = schemaVersion >= 33 && !passedBy ? v36FormOf(file.datasource, defaultDatasource, namedDatasources) : v33FormOf(file.datasource, namedDatasources);
  if (nameForm !== undefined && (schemaVersion < 33 || !passedBy) && isDeepEqual(live.datasource, nameForm)) set('datasource', file.datasource);
  // V33 writes null for "default" on a panel V36 then passes by (the cleanup drops the null).
  if (passedBy && schemaVersion < 33 && file.datasource === 'default' && (live.datasource === undefined || live.datasource === null)) set('datasource', file.datasource);
  if (passedBy) return result();
  if (given !== undefined && isDeepEqual(live.datasource, given.panel)) set('datasource', file.datasource);
  const panelDatasource = isPlainObject(file.datasource) ? file.datasource : file.datasource === undefined || file.datasource === null ? live.datasource : nameForm;
  // V36 gives a query of a `-- Mixed --` panel the instance's default (null where there is none), not the panel's.
  const mixed = isPlainObject(panelDatasource) && panelDatasource.uid === '-- Mixed --';
  const copied = (datasource: unknown, index: number) =>
    given !== undefined
      ? isDeepEqual(datasource, given.queries[index])
      : mixed
        ? defaultDatasource !== undefined && isDeepEqual(datasource, defaultDatasource)
        : isDeepEqual(datasource, {}) || (isPlainObject(panelDatasource) && isDeepEqual(datasource, panelDatasource));
  if (Array.isArray(live.targets)) {
    if (fileQueries === undefined && live.targets.length === 1 && isGivenQuery(live.targets[0], copied)) set('targets', file.targets);
    else if (Array.isArray(file.targets)) {
      const fileTargets = file.targets;
      const targets = live.targets.map((target, index) => withoutCopiedDatasource(target, fileTargets[index], schemaVersion, how, (datasource) => copied(datasource, index)));
      if (targets.some((target, index) => target !== (live.targets as unknown[])[index])) set('targets', targets);
    }
  }
  if (live.type === 'row' && Object.hasOwn(live, 'datasource') && !Object.hasOwn(file, 'datasource')) set('datasource', undefined);
  return result();
}

function withoutStatDefaults(live: Json, file: Json): Json {
  const dropped = Object.entries(STAT_OPTION_DEFAULTS).filter(([key, value]) => !Object.hasOwn(file, key) && Object.hasOwn(live, key) && isDeepEqual(live[key], value));
  if (dropped.length === 0) return live;
  const result = { ...live };
  for (const [key] of dropped) delete result[key];
  return result;
}

function withoutTimeAxisOverride(live: Json, file: Json): Json {
  const custom = isPlainObject(live.defaults) && isPlainObject(live.defaults.custom) ? live.defaults.custom : undefined;
  if (custom?.axisPlacement !== 'hidden' || !Array.isArray(live.overrides) || live.overrides.length === 0) return live;
  const fileOverrides = Array.isArray(file.overrides) ? file.overrides : [];
  const kept = live.overrides.slice(0, -1);
  if (!isDeepEqual(live.overrides.at(-1), TIME_AXIS_OVERRIDE) || !isDeepEqual(kept, fileOverrides)) return live;
  return { ...live, overrides: kept };
}

/** V36's query for a panel without any: `{refId: "A"}`, with the datasource it copies. */
function isGivenQuery(target: unknown, copied: (datasource: unknown, index: number) => boolean): boolean {
  if (!isPlainObject(target) || target.refId !== 'A') return false;
  const keys = Object.keys(target);
  return keys.length === 1 || (keys.length === 2 && Object.hasOwn(target, 'datasource') && copied(target.datasource, 0));
}

/**
 * A live query without the datasource V36 wrote where its file twin names none (or below 33 `""`, which V33 makes `{}`
 * and V36 then fills), and with the file's string where Grafana holds what V36 makes of it (v36FormOf: "default" as the
 * instance's default whatever the panel holds, or `{uid: "default"}` where it has none; another string as V33/V36 resolve it).
 */
function withoutCopiedDatasource(target: unknown, fileTarget: unknown, schemaVersion: number, instance: Pick<StepOutputOptions, 'defaultDatasource' | 'namedDatasources'>, copied: (datasource: unknown) => boolean): unknown {
  if (!isPlainObject(target) || !isPlainObject(fileTarget) || !Object.hasOwn(target, 'datasource')) return target;
  const own = fileTarget.datasource;
  const { datasource: held, ...rest } = target;
  const filled = own === undefined || own === null || (own === '' && schemaVersion < 33);
  if (filled) {
    if (!copied(held)) return target;
    return own === undefined || own === null ? rest : { ...rest, datasource: own };
  }
  const form = v36FormOf(own, instance.defaultDatasource, instance.namedDatasources);
  return form !== undefined && isDeepEqual(held, form) ? { ...rest, datasource: own } : target;
}
