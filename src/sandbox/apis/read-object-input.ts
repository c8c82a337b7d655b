import { isObject, type JsonObject } from '../dashboard-model.js';
import { floatOverflowMessage } from '../float-overflow.js';
import type { Reply } from '../http/reply.js';
import type { ApisContext } from './apis-context.js';
import { decodeV2Transformations } from './convert/v2-versions.js';
import { INTERNAL_ID_LABEL, SERVER_ANNOTATIONS } from './dashboard-view.js';
import { findV2DecodeError } from './decode-v2-fields.js';
import { badRequest } from './k8s-status.js';
import { GET_HISTORY, GET_TRASH } from './list-options.js';

/** What a create, replace or patch body asks for, with the server-owned metadata separated out. */
export interface ObjectInput {
  name: string;
  generateName: string;
  resourceVersion: string;
  spec: JsonObject;
  /** grafana.app/folder ('' = root). */
  folderUid: string;
  /** grafana.app/message: input-only, it lands in the version history. */
  message: string;
  /** Caller annotations kept as written (server-owned and input-only ones removed). */
  annotations: Record<string, string>;
  labels: Record<string, string>;
}

/**
 * Decodes a Kubernetes object body the way the apiserver handlers do: apiVersion and kind must match the URL when
 * given, the namespace must match the request's (k8s EnsureObjectNamespaceMatchesRequestNamespace), annotation and
 * label values must be strings, and the command labels may not be saved (resource server: "can not save label").
 */
export function readObjectInput(context: ApisContext, body: unknown, kind: string): ObjectInput | Reply {
  if (context.invalidJson || !isObject(body)) {
    return badRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error`);
  }
  const expected = `${context.gr.group}/${context.version}`;
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    return badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`);
  }
  if (body.kind !== undefined && body.kind !== kind) {
    return badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${kind})`);
  }
  if (context.floatOverflow !== undefined) return badRequest(floatOverflowMessage(kind, context.version, context.floatOverflow));
  const typeError = kind === 'Dashboard' && context.version.startsWith('v2') ? findV2DecodeError(body.spec, context.version) : undefined;
  if (typeError) return badRequest(`${kind} in version "${context.version}" cannot be handled as a ${kind}: ${typeError}`);
  const metadata = isObject(body.metadata) ? body.metadata : {};
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '' && metadata.namespace !== context.namespace) {
    return badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const annotations = stringMap(metadata.annotations, 'annotations');
  if (typeof annotations === 'string') return badRequest(annotations);
  const labels = stringMap(metadata.labels, 'labels');
  if (typeof labels === 'string') return badRequest(labels);
  for (const key of [GET_HISTORY, GET_TRASH, 'grafana.app/fullpath']) if (key in labels) return badRequest(`can not save label: ${key}`);
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) if (!SERVER_ANNOTATIONS.has(key)) kept[key] = value;
  const { [INTERNAL_ID_LABEL]: _internalId, ...keptLabels } = labels;
  return {
    name: typeof metadata.name === 'string' ? metadata.name : '',
    generateName: typeof metadata.generateName === 'string' ? metadata.generateName : '',
    resourceVersion: typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : '',
    spec: !isObject(body.spec) ? {} : kind === 'Dashboard' ? decodeV2Transformations(body.spec, context.version) : body.spec,
    folderUid: annotations['grafana.app/folder'] ?? '',
    message: annotations['grafana.app/message'] ?? '',
    annotations: kept,
    labels: keptLabels,
  };
}

function stringMap(value: unknown, field: string): Record<string, string> | string {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return `metadata.${field}: expected map[string]string`;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') return `metadata.${field}.${key}: expected string, got ${typeof entry}`;
  }
  return value as Record<string, string>;
}
