import { isPlainObject } from '../files/is-plain-object.js';
import { isUserMetadataKey } from '../grafana/user-metadata.js';
import { MAX_UID_LENGTH, uidProblem } from '../files/uid-rules.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { canonicalForm, type DashboardDocument } from './inspect-dashboard-document.js';
import { isReformatted } from './is-reformatted.js';

export interface FixedDocument {
  text: string;
  /** What changed, for the report: `reformatted` (first, when the file was not written canonically), `removed id`, `added uid "…"`, `unwrapped`. */
  changes: string[];
}

/** What check --fix did to a dashboard's model or spec before the repairs here (placeholders, `__elements` moved out), and its notes. */
export interface EditedSpec {
  spec: Record<string, unknown> | null;
  changes: string[];
}

/** A uid made up here names no dashboard of any Grafana: check's uid-missing says the same before the fix. */
const NEW_UID_CAVEAT = 'if this dashboard already exists in Grafana, dashsync pull writes it with its uid: this new one would make a second copy';

/**
 * Pure: the text `check --fix` writes, or undefined when the file is already right.
 * Only repairs that keep the dashboard's meaning and the file's form: unwrap `{dashboard,
 * meta}`, drop a numeric `id` of a classic model or spec, add a uid (a resource's
 * `metadata.name`) where there is none: a resource's own valid `spec.uid` (the dashboard it
 * names keeps its identity), else `newUid()` (called only then), drop what a resource
 * carries of Grafana's (server metadata, `grafana.app/…` labels and annotations, `status`),
 * write the canonical format. Inputs stay unresolved and `refresh` unclamped, so the file
 * still says what its author wrote; a model stays a model, a resource a resource, a v1 spec
 * v1. A second run finds nothing to do. `edited`: the model or spec as check --fix changed it before; its notes follow
 * `reformatted`, which is said of the file as it was.
 */
export function fixDashboardDocument(original: DashboardDocument, newUid: () => string, edited?: EditedSpec): FixedDocument | undefined {
  const document = edited ? withSpec(original, edited.spec) : original;
  const { parts } = document;
  const changes: string[] = [];
  if (document.text.startsWith('\uFEFF')) changes.push('removed the byte-order mark');
  if (parts.form === 'model' && parts.specPath.length > 0) changes.push('unwrapped the API wrapper');
  const form = { ...canonicalForm(document) };
  const resource = parts.form === 'resource';
  if (resource) changes.push(...dropServerFields(form));
  const spec = resource ? (isPlainObject(form.spec) ? (form.spec = { ...form.spec }) : undefined) : form;
  if (spec && parts.schema === 'v1' && typeof spec.id === 'number') {
    delete spec.id;
    changes.push(resource ? 'removed spec.id' : 'removed id');
  }
  // Grafana's save counter of one instance: never compared nor pushed, so a file that keeps it only misleads.
  if (spec && parts.schema === 'v1' && typeof spec.version === 'number') {
    delete spec.version;
    changes.push(resource ? 'removed spec.version' : 'removed version');
  }
  if (isMissingUid(parts.uid)) {
    const fromSpec = resource ? specUid(spec) : undefined;
    const uid = fromSpec ?? newUid();
    if (resource) form.metadata = { ...(isPlainObject(form.metadata) ? form.metadata : {}), name: uid };
    else form.uid = uid;
    const passedOver = resource && fromSpec === undefined ? whySpecUidUnused(spec) : undefined;
    changes.push(
      fromSpec !== undefined
        ? `added metadata.name "${uid}" (its spec.uid)`
        : resource
          ? `added metadata.name "${uid}" (${passedOver === undefined ? '' : `${passedOver}; `}${NEW_UID_CAVEAT})`
          : `added uid "${uid}" (${NEW_UID_CAVEAT})`,
    );
  }
  const text = canonicalJson(form);
  if (text === document.text) return undefined;
  const reformatted = isReformatted(original.text, original.document) ? ['reformatted'] : [];
  return { text, changes: [...reformatted, ...(edited?.changes ?? []), ...changes] };
}

/** The document with its model or spec replaced (where check --fix placed datasources or moved an export's __elements out). */
function withSpec(document: DashboardDocument, spec: Record<string, unknown> | null): DashboardDocument {
  if (spec === document.parts.spec) return document;
  const whole = document.parts.form === 'resource' ? { ...document.document, spec } : document.document;
  return { ...document, document: whole, parts: { ...document.parts, spec } };
}

/** Removes (in place, on copies) the resource fields Grafana owns; says what went. */
function dropServerFields(resource: Record<string, unknown>): string[] {
  const removed: string[] = [];
  if ('status' in resource) {
    delete resource.status;
    removed.push('status');
  }
  if (!isPlainObject(resource.metadata)) return removed.length > 0 ? [`removed ${removed.join(', ')}`] : [];
  const metadata: Record<string, unknown> = { ...resource.metadata };
  for (const key of Object.keys(metadata)) {
    if (key === 'name' || key === 'labels' || key === 'annotations') continue;
    delete metadata[key];
    removed.push(`metadata.${key}`);
  }
  for (const key of ['labels', 'annotations'] as const) {
    const map = metadata[key];
    if (!isPlainObject(map)) continue;
    const kept = Object.fromEntries(Object.entries(map).filter(([name]) => isUserMetadataKey(name)));
    const dropped = Object.keys(map).filter((name) => !isUserMetadataKey(name));
    if (dropped.length === 0) continue;
    removed.push(...dropped.map((name) => `metadata.${key}["${name}"]`));
    if (Object.keys(kept).length > 0) metadata[key] = kept;
    else delete metadata[key];
  }
  resource.metadata = metadata;
  return removed.length > 0 ? [`removed ${removed.join(', ')}`] : [];
}

/** The uid a resource's spec carries, trimmed, when Grafana would accept it as the dashboard's uid. */
function specUid(spec: Record<string, unknown> | undefined): string | undefined {
  const uid = spec?.uid;
  if (typeof uid !== 'string') return undefined;
  const trimmed = uid.trim();
  return trimmed !== '' && uidProblem(trimmed) === undefined ? trimmed : undefined;
}

/** Why a resource's spec.uid that is there was not taken as its name (undefined when it has none). */
function whySpecUidUnused(spec: Record<string, unknown> | undefined): string | undefined {
  const uid = spec?.uid;
  if (uid === undefined || uid === null || (typeof uid === 'string' && uid.trim() === '')) return undefined;
  if (typeof uid !== 'string') return `spec.uid ${JSON.stringify(uid)} is not a string, so not a uid`;
  const problem = uidProblem(uid.trim());
  const why = problem === 'uid-too-long' ? `is longer than ${MAX_UID_LENGTH} characters` : 'is not a uid: letters, digits, - and _ only';
  return `spec.uid ${JSON.stringify(uid)} ${why}, so not used`;
}

/** The same notion of "no uid" as the uid-missing rule: absent, null or blank. */
function isMissingUid(uid: unknown): boolean {
  return uid === undefined || uid === null || (typeof uid === 'string' && uid.trim() === '');
}
