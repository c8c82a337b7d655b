import { schemaOfApiVersion } from './dashboard-api-version.js';
import { isPlainObject } from './is-plain-object.js';
import { findTransformationsWithoutGroup, findV2Transformations, MIXED_FLEET_DOC, ownTransformationId } from './find-v2-transformations.js';
import { isUserMetadataKey } from '../grafana/user-metadata.js';
import type { DashboardSchema, UserMetadata } from '../grafana/port.js';
import type { DashboardFileForm } from './types.js';

/** A problem at a JSON path of the document (the caller turns the path into line:col). */
interface PathProblem {
  path: (string | number)[];
  severity: 'error' | 'warning';
  rule: string;
  message: string;
}

/** A dashboard file's document taken apart: its form, where the dashboard sits, and its identity as written. */
export interface DashboardDocumentParts {
  form: DashboardFileForm;
  schema: DashboardSchema;
  /** A resource's `apiVersion` as written (null for model files, or when it is not a string). */
  apiVersion: string | null;
  /** Where the model or spec sits: [] (bare model), ['dashboard'] (API wrapper), ['spec'] (resource). */
  specPath: string[];
  /** The model or spec as written; null when a resource has none that can be used. */
  spec: Record<string, unknown> | null;
  /** The identity as written (a model's `uid`, a resource's `metadata.name`), and where it sits or would sit. */
  uid: unknown;
  uidPath: string[];
  metadata: UserMetadata;
  problems: PathProblem[];
}

const RESOURCE_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

/**
 * Pure: a document is a resource when it has `apiVersion` or `kind` at the top (no classic
 * model does); else a classic model, bare or in the `{dashboard, meta}` wrapper. Reports what
 * is wrong with the resource's envelope and which server-owned fields it carries (ignored).
 */
export function splitDashboardDocument(document: Record<string, unknown>, options: { forPull?: boolean } = {}): DashboardDocumentParts {
  if ('apiVersion' in document || 'kind' in document) return splitResource(document, options);
  const { model, modelPath } = unwrapDashboard(document);
  const problems: PathProblem[] = [];
  if (modelPath.length === 0 && isBrokenWrapper(document)) {
    const found = document.dashboard === null ? 'null' : Array.isArray(document.dashboard) ? 'an array' : `a ${typeof document.dashboard}`;
    problems.push(error(['dashboard'], 'not-an-object', `"dashboard" must be an object (the dashboard model of the {"dashboard", "meta"} wrapper), found ${found}`));
    return { form: 'model', schema: 'v1', apiVersion: null, specPath: [], spec: null, uid: undefined, uidPath: [], metadata: { labels: {}, annotations: {} }, problems };
  }
  const v2 = looksLikeV2(model);
  if (v2) {
    problems.push(error(modelPath, 'v2-needs-resource',
      'this is a v2 dashboard spec (elements, layout) without its resource envelope: write it as {"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard", "metadata": {"name": "<uid>"}, "spec": {…}}'));
  }
  return {
    form: 'model',
    schema: v2 ? 'v2' : 'v1',
    apiVersion: null,
    specPath: modelPath,
    spec: v2 ? null : model,
    uid: model.uid,
    uidPath: 'uid' in model ? [...modelPath, 'uid'] : modelPath,
    metadata: { labels: {}, annotations: {} },
    problems,
  };
}

function splitResource(document: Record<string, unknown>, options: { forPull?: boolean }): DashboardDocumentParts {
  const problems: PathProblem[] = [];
  const version = schemaOfApiVersion(document.apiVersion);
  if ('problem' in version) problems.push(error('apiVersion' in document ? ['apiVersion'] : [], 'resource-api-version', version.problem));
  if (document.kind !== 'Dashboard') {
    const found = document.kind === undefined ? 'there is none' : `found ${JSON.stringify(document.kind)}`;
    problems.push(error('kind' in document ? ['kind'] : [], 'resource-kind', `a dashboard resource needs "kind": "Dashboard"; ${found}`));
  }
  for (const key of Object.keys(document)) {
    if (!RESOURCE_KEYS.has(key)) problems.push(error([key], 'resource-invalid', `unknown key ${JSON.stringify(key)} in a dashboard resource (allowed: apiVersion, kind, metadata, spec)`));
  }
  if ('status' in document) problems.push(ignored(['status'], '"status" is ignored: Grafana writes it'));

  const metadata = isPlainObject(document.metadata) ? document.metadata : undefined;
  if (!metadata) {
    problems.push(error('metadata' in document ? ['metadata'] : [], 'resource-invalid', 'a dashboard resource needs "metadata": {"name": "<uid>"}'));
  }
  const userMetadata = metadata ? splitMetadata(metadata, problems) : { labels: {}, annotations: {} };

  const spec = isPlainObject(document.spec) ? document.spec : null;
  let schema: DashboardSchema = 'schema' in version ? version.schema : looksLikeV2(spec ?? {}) ? 'v2' : 'v1';
  if (!spec) {
    problems.push(error('spec' in document ? ['spec'] : [], 'resource-invalid', 'a dashboard resource needs a "spec" object holding the dashboard'));
  } else if ('schema' in version) {
    const mismatch = schemaMismatch(version.schema, spec, String(document.apiVersion));
    if (mismatch) problems.push(error(['apiVersion'], 'resource-schema-mismatch', mismatch));
    else if (version.schema === 'v2' && OWN_TRANSFORMATION_KIND.test(String(document.apiVersion))) problems.push(...v2TransformationProblems(spec, String(document.apiVersion), metadata?.name, options.forPull === true));
    else if (version.schema === 'v2') problems.push(...ungroupedTransformationProblems(spec, String(document.apiVersion), options.forPull === true));
    schema = version.schema;
  }
  const metadataPath = metadata ? ['metadata'] : [];
  return {
    form: 'resource',
    schema,
    apiVersion: typeof document.apiVersion === 'string' ? document.apiVersion : null,
    specPath: ['spec'],
    spec,
    uid: metadata?.name,
    uidPath: metadata && 'name' in metadata ? ['metadata', 'name'] : metadataPath,
    metadata: userMetadata,
    problems,
  };
}

/** Keeps the author's labels and annotations; everything else in metadata is the server's (or a tool's). */
function splitMetadata(metadata: Record<string, unknown>, problems: PathProblem[]): UserMetadata {
  const kept: UserMetadata = { labels: {}, annotations: {} };
  for (const [key, value] of Object.entries(metadata)) {
    if (key === 'name') continue;
    if (key !== 'labels' && key !== 'annotations') {
      const why = key === 'generateName' ? 'dashsync needs a fixed "name"' : key === 'namespace' ? 'the namespace comes from the org dashsync targets' : 'it is set by Grafana';
      problems.push(ignored(['metadata', key], `metadata.${key} is ignored: ${why}`));
      continue;
    }
    if (!isPlainObject(value)) {
      problems.push(error(['metadata', key], 'resource-invalid', `metadata.${key} must be an object of strings`));
      continue;
    }
    for (const [name, text] of Object.entries(value)) {
      const path = ['metadata', key, name];
      if (typeof text !== 'string') problems.push(error(path, 'resource-invalid', `metadata.${key} values must be strings; ${JSON.stringify(name)} is not`));
      else if (name === 'grafana.app/folder') problems.push(ignored(path, `${singular(key)} "grafana.app/folder" is ignored: the folder comes from the directory the file is in (dashsync writes this annotation itself)`));
      else if (!isUserMetadataKey(name)) problems.push(ignored(path, `${singular(key)} ${JSON.stringify(name)} is ignored: it belongs to Grafana or another tool (dashsync neither compares nor sends it)`));
      else Object.defineProperty(kept[key], name, { value: text, enumerable: true, writable: true, configurable: true });
    }
  }
  return kept;
}

function singular(key: 'labels' | 'annotations'): string {
  return key === 'labels' ? 'label' : 'annotation';
}

function schemaMismatch(schema: DashboardSchema, spec: Record<string, unknown>, apiVersion: string): string | undefined {
  const v2 = looksLikeV2(spec);
  if (schema === 'v2' && !v2 && ('elements' in spec || 'layout' in spec)) {
    return 'spec holds "panels" (a classic dashboard\'s) beside "elements"/"layout" (a v2 dashboard\'s): remove "panels"';
  }
  if (schema === 'v2' && !v2) {
    return `apiVersion ${apiVersion} is for v2 dashboards (spec.elements, spec.layout) but the spec is a classic dashboard: use dashboard.grafana.app/v1 (v1beta1 on Grafana 12)`;
  }
  if (schema === 'v1' && v2 && !('panels' in spec)) {
    return `apiVersion ${apiVersion} is for classic dashboards but the spec is a v2 dashboard (elements, layout): use dashboard.grafana.app/v2 (v2beta1 on Grafana 12)`;
  }
  return undefined;
}

/** The v2 versions before `v2` whose transformation is `{"kind": "<id>", …}` (v2alpha1, v2beta1). */
const OWN_TRANSFORMATION_KIND = /\/v2(alpha|beta)1$/;

function v2TransformationProblems(spec: Record<string, unknown>, apiVersion: string, name: unknown, forPull: boolean): PathProblem[] {
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  const uid = typeof name === 'string' && name !== '' ? name : '<uid>';
  // Pull replaces the spec with Grafana's (the documented way out), so the file must stay readable there.
  return findV2Transformations(spec).map(({ path }) => (forPull ? warning : error)(path, 'resource-schema-mismatch',
    `a transformation in the form of dashboard.grafana.app/v2 ("kind": "Transformation") under apiVersion ${apiVersion}: ` +
    `${version} writes it {"kind": "<id>", "spec": {"id": "<id>", …}}, and Grafana would read this one as a transformation named "Transformation"; ` +
    `take Grafana 13's own conversion (set the apiVersion, then dashsync pull --force ${uid}), see ${MIXED_FLEET_DOC}`));
}

/**
 * A `v2` transformation named by no `group` (most often the v2beta1 form, `{"kind": "<id>", "spec": {"id": …}}`, left
 * in a file whose apiVersion was raised to v2): 13 stores it with `"group": ""`, its id lost (v2's Go struct has no
 * `spec.id`, and its schema check does not look inside elements), so it is refused before anything is sent.
 */
function ungroupedTransformationProblems(spec: Record<string, unknown>, apiVersion: string, forPull: boolean): PathProblem[] {
  return findTransformationsWithoutGroup(spec).map(({ transformation, path }) => {
    const id = ownTransformationId(transformation);
    const ownKind = typeof transformation.kind === 'string' && transformation.kind !== 'Transformation';
    const found = ownKind
      ? `a transformation in the form of dashboard.grafana.app/v2beta1 ("kind": ${JSON.stringify(transformation.kind)}, no "group") under apiVersion ${apiVersion}`
      : `a transformation without "group" under apiVersion ${apiVersion}`;
    const wayOut = id === undefined
      ? 'put its transformation id in "group": {"kind": "Transformation", "group": "<id>", "spec": {…}}'
      : `write it {"kind": "Transformation", "group": ${JSON.stringify(id)}, "spec": {…}} without "spec"."id"`;
    return (forPull ? warning : error)(path, 'resource-schema-mismatch',
      `${found}: v2 names a transformation by its "group", and Grafana 13 would store this one with "group": "" and its id lost; ${wayOut}, see ${MIXED_FLEET_DOC}`);
  });
}

/** A v2 spec has `elements` or `layout` and no classic `panels`. */
/** A `{dashboard, meta}` wrapper whose `dashboard` is no object: not a model of its own (no title, no panels). */
function isBrokenWrapper(document: Record<string, unknown>): boolean {
  return 'dashboard' in document && !isPlainObject(document.dashboard) && !('title' in document) && !('panels' in document) && !('uid' in document);
}

function looksLikeV2(spec: Record<string, unknown>): boolean {
  return ('elements' in spec || 'layout' in spec) && !('panels' in spec);
}

function error(path: (string | number)[], rule: string, message: string): PathProblem {
  return { path, severity: 'error', rule, message };
}

function warning(path: (string | number)[], rule: string, message: string): PathProblem {
  return { path, severity: 'warning', rule, message };
}

function ignored(path: (string | number)[], message: string): PathProblem {
  return { path, severity: 'warning', rule: 'resource-server-field', message: `${message}; run \`dashsync check --fix\` to remove it` };
}

/**
 * Accepts the bare model or the wrapper Grafana's API returns (`{dashboard, meta}`,
 * also the POST body shape). A document is a wrapper when `dashboard` is an object and
 * the top level has neither `title` nor `panels` of its own.
 */
export function unwrapDashboard(document: Record<string, unknown>): {
  model: Record<string, unknown>;
  modelPath: string[];
} {
  const inner = document.dashboard;
  if (isPlainObject(inner) && !('title' in document) && !('panels' in document)) {
    return { model: inner, modelPath: ['dashboard'] };
  }
  return { model: document, modelPath: [] };
}
