import type { DatasourceIndex } from '../grafana-migration/datasource-ref.js';
import { GrafanaHttpError, InterruptedError, RequestInterruptedError } from '../errors.js';
import type { DatasourceRef, GrafanaPort } from '../grafana/port.js';
import type { LiveInstance } from '../diff/diff-content.js';
import type { DesiredContent } from '../files/types.js';
import type { VariableDefaultDatasource } from '../diff/drop-conversion-defaults.js';
import { schemaVersionOf } from '../files/schema-version.js';
import { parseRelease, type Release } from '../grafana/parse-release.js';

/**
 * The instance's default data source as a plan compares with it, and its data sources by name and uid (GrafanaPort
 * namedDatasources); `unread`: why they are not known (no answer, `HTTP 401`).
 */
export interface InstanceDatasourcesRead {
  datasource: DatasourceRef | undefined;
  named?: DatasourceIndex;
  unread?: string;
}

/** What of the port the instance's data sources are read from. */
export type DatasourcesPort = Pick<GrafanaPort, 'defaultDatasource' | 'namedDatasources'>;

/**
 * grafana.defaultDatasource and grafana.namedDatasources, asked once per port (the failure kept too: a proxy refusing the
 * settings is asked once, not once per comparison). Their only use is to leave out what V33 and V36 gave a panel or an
 * annotation, so any failure but an interruption (a proxy that answers 401 on the UI's bootstrap path, a network error)
 * is "not known", not the plan's end: the data source then shows, as it did before dashsync read them.
 */
export function readInstanceDatasources(grafana: DatasourcesPort): Promise<InstanceDatasourcesRead> {
  let read = reads.get(grafana);
  if (read === undefined) reads.set(grafana, (read = askInstanceDatasources(grafana)));
  return read;
}

const reads = new WeakMap<object, Promise<InstanceDatasourcesRead>>();

async function askInstanceDatasources(grafana: DatasourcesPort): Promise<InstanceDatasourcesRead> {
  try {
    const [datasource, named] = await Promise.all([grafana.defaultDatasource?.(), grafana.namedDatasources?.()]);
    // The port answers a refused (403), failed (5xx) or shapeless read with no data sources at all: not known either (review-65b L2).
    if (named === undefined && grafana.namedDatasources !== undefined) return { datasource: undefined, unread: 'refused, failed or not readable' };
    return { datasource, named };
  } catch (error) {
    if (error instanceof RequestInterruptedError || error instanceof InterruptedError) throw error;
    return { datasource: undefined, unread: error instanceof GrafanaHttpError && error.status > 0 ? `HTTP ${error.status}` : 'no answer' };
  }
}

/**
 * The data source Grafana's v2 gives a variable naming none (the UI's v2 save, and the conversion of 12.4 on, by its
 * type): the default data source, `-- Grafana --` (type and uid "grafana") where the settings were read and list none as
 * the default; undefined where they could not be read (then nothing is assumed of it).
 */
export function variableDefaultDatasourceOf(read: InstanceDatasourcesRead): VariableDefaultDatasource | undefined {
  if (read.unread !== undefined) return undefined;
  if (read.datasource !== undefined) return { type: read.datasource.type, uid: read.datasource.uid };
  return read.named !== undefined && read.named.defaultDatasource === undefined ? { type: 'grafana', uid: 'grafana' } : undefined;
}

/**
 * A note for a plan whose data sources (the default, and those a string may name) could not be read, naming the dashboards
 * (`uids`) it shows a panel, annotation or variable data source change of: each may be only what Grafana gave it (its
 * migration, or the v2 editor's save of a variable naming none: variableDatasourceShown).
 */
export function describeDatasourcesUnread(unread: string, uids: readonly string[]): { kind: 'note'; uid: null; message: string } {
  return {
    kind: 'note',
    uid: null,
    message:
      `data sources not read (GET /api/frontend/settings: ${unread}): the data source change shown for a panel, annotation or variable of ${uids.join(', ')} whose file names none, ` +
      `or names one by its name, may be only what Grafana gives it (its default, or the data source of that name: its migration, or a save in the v2 editor); a push gives it that again`,
  };
}

/**
 * The release, where Grafana `version` resolves a data source a file names by name, and finds the default, among the data sources of
 * every org on the instance (12.0–12.2): before PR #110447 (12.3) the schema migration's provider read them all
 * (`GetAllDataSources`), so a name only another org has, or another org's default first by name, is what V33/V36 write
 * on an `/apis` write in this org, and no settings these credentials read list it (src/sandbox/README.md "Schema migration");
 * null for any other (or a hidden) release.
 */
export function resolvesAmongEveryOrg(version: string | null): Release | null {
  const release = parseRelease(version);
  return release !== null && release.major === 12 && release.minor < 3 ? release : null;
}

/**
 * A note for a plan against such a release (resolvesAmongEveryOrg), naming the dashboards written through `/apis` (`uids`) it
 * shows a panel or annotation data source change of: each may be another org's data source Grafana's migration gave it.
 */
export function describeDatasourcesOfEveryOrg({ major, minor, patch }: Release, uids: readonly string[]): { kind: 'note'; uid: null; message: string } {
  return {
    kind: 'note',
    uid: null,
    message:
      `data sources of every org: Grafana ${major}.${minor}.${patch} resolves a data source a file names by its name, and the default it gives a panel or annotation naming none, ` +
      `among the data sources of every org on this instance, not only this one's (fixed in Grafana 12.3): the data source change shown for a panel or annotation of ${uids.join(', ')} ` +
      `whose file names none, or names one by its name, may be only another org's data source Grafana's migration gave it; a push gives it that again. ` +
      `Name each data source by its uid in the file ({"uid": …, "type": …}), or upgrade Grafana to 12.3 or later`,
  };
}

/**
 * What a comparison of `desired` with Grafana's copy knows of the instance, as the plan compares (diffContent): the default
 * data source and the data sources by name, read (once per port, a failure "not known") only for a classic spec below
 * schemaVersion 36, which V36 runs on.
 */
export async function liveInstanceFor(grafana: DatasourcesPort, desired: Pick<DesiredContent, 'schema' | 'spec'>): Promise<LiveInstance> {
  if (desired.schema !== 'v1' || schemaVersionOf(desired.spec) >= 36) return {};
  const read = await readInstanceDatasources(grafana);
  return { defaultDatasource: read.datasource, namedDatasources: read.named };
}

/** liveInstanceFor for a comparison with any of several versions of a file (its committed texts): the first that V36 runs on asks. */
export async function liveInstanceForAny(grafana: DatasourcesPort, versions: readonly (Pick<DesiredContent, 'schema' | 'spec'> | null)[]): Promise<LiveInstance> {
  const older = versions.find((version) => version !== null && version.schema === 'v1' && schemaVersionOf(version.spec) < 36);
  return older ? liveInstanceFor(grafana, older) : {};
}

/**
 * Whether a change shows a variable's data source as the v2 editor's save gives one naming none (mig-64): a variable's
 * `datasource`, or a datasource variable's `query` (its plugin), of a variable `spec` names by that name.
 */
export function variableDatasourceShown(changes: readonly { path: string }[], spec: Record<string, unknown>): boolean {
  const templating = spec.templating as { list?: unknown } | undefined;
  const variables = Array.isArray(templating?.list) ? (templating.list as { name?: unknown; type?: unknown }[]) : [];
  const datasourceVariables = new Set(variables.filter((variable) => variable?.type === 'datasource').map((variable) => JSON.stringify(String(variable.name))));
  return changes.some((change) => {
    const match = /^templating\.list\[name=("(?:[^"\\]|\\.)*")\]\.(datasource|query)$/.exec(change.path);
    return match !== null && (match[2] === 'datasource' || datasourceVariables.has(match[1]!));
  });
}
