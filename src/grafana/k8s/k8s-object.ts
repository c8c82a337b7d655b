import { asObject, isObject, numberField, stringField, type JsonObject } from '../http/response-fields.js';

/**
 * A `dashboard.grafana.app` or `folder.grafana.app` object as this client uses it: the metadata
 * Grafana sets, the spec, and what `status.conversion` says about the version it is stored in.
 */
export interface K8sObject {
  /** The dashboard (or folder) uid. */
  name: string;
  /** metadata.uid: this incarnation of the object (a delete and a create of the same name make another); '' when not sent. */
  uid: string;
  /** `<group>/<version>` it was read at. */
  apiVersion: string;
  resourceVersion: string;
  /** The version people see in Grafana's history (legacy `version`); -999 for a deleted one. */
  generation: number;
  creationTimestamp: string;
  /** Set on entries of "Recently deleted". */
  deletionTimestamp: string | null;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  /** null when Grafana sent none (a failed conversion). */
  spec: JsonObject | null;
  /** Present when the object was read at another version than it is stored in. */
  conversion: Conversion | null;
}

/** An object read without its spec (and the status that may carry another copy of it). */
export type K8sObjectHead = Omit<K8sObject, 'spec' | 'conversion'>;

interface Conversion {
  failed: boolean;
  /** e.g. `v2beta1`. */
  storedVersion: string;
  error: string;
  /** The object at its stored version, which Grafana attaches when the conversion failed. */
  source: K8sObject | null;
}

/** Tolerant reader (releases add and omit fields). Pure. */
export function readK8sObject(value: unknown): K8sObject {
  const object = asObject(value);
  const metadata = asObject(object.metadata);
  const status = asObject(object.status);
  return {
    name: stringField(metadata, 'name'),
    uid: stringField(metadata, 'uid'),
    apiVersion: stringField(object, 'apiVersion'),
    resourceVersion: stringField(metadata, 'resourceVersion'),
    generation: numberField(metadata, 'generation'),
    creationTimestamp: stringField(metadata, 'creationTimestamp'),
    deletionTimestamp: stringField(metadata, 'deletionTimestamp') || null,
    annotations: stringMap(metadata.annotations),
    labels: stringMap(metadata.labels),
    spec: isObject(object.spec) ? object.spec : null,
    conversion: readConversion(status.conversion),
  };
}

function readConversion(value: unknown): Conversion | null {
  if (!isObject(value)) return null;
  const storedVersion = stringField(value, 'storedVersion');
  if (storedVersion === '') return null;
  return {
    failed: value.failed === true,
    storedVersion,
    error: stringField(value, 'error'),
    source: isObject(value.source) ? readK8sObject(value.source) : null,
  };
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out[key] = entry;
  return out;
}

/** The version part of `group/version`. */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}
