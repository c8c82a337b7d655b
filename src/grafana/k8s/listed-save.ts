import type { ListedSave } from '../port.js';
import type { K8sObject } from './k8s-object.js';
import { toDashboardHead } from './to-live-dashboard.js';

/**
 * A listed object's newest save as a read of the dashboard would give it (toDashboardHead): its generation, saver and time,
 * and dashsync's record, all in its metadata, which Grafana's conversion into another version keeps. Pure.
 */
export function listedSaveOf(object: K8sObject): ListedSave {
  const { uid, version, lastSave, pushed } = toDashboardHead(object, () => '', object.apiVersion);
  return { uid, version, lastSave, pushed };
}
