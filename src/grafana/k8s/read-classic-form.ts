import type { ClassicForm } from '../port.js';
import { getDashboardObject } from './endpoints/dashboards.js';
import type { K8sContext } from './k8s-context.js';
import { versionOf } from './k8s-object.js';

const isV2 = (version: string) => version.startsWith('v2');

/**
 * A v2-stored dashboard as Grafana's own conversion gives it in the classic model: read at the classic read version,
 * which converts on the way out (apps/dashboard/pkg/migration/conversion, RegisterConversions: v2* → v0alpha1/v1).
 * `failed` carries Grafana's `status.conversion.error` (12.x: "backend conversion not yet implemented"); null when
 * the dashboard is gone, or no longer stored as v2 (saved again since it was read).
 */
export async function readClassicForm(context: K8sContext, uid: string): Promise<ClassicForm | null> {
  const object = await getDashboardObject(context.http, await context.namespace(), context.versions.v1Read, uid);
  const conversion = object?.conversion;
  if (!object || !conversion || !isV2(conversion.storedVersion) || isV2(versionOf(object.apiVersion))) return null;
  if (conversion.failed || object.spec === null) return { failed: conversion.error || 'Grafana sent no converted dashboard' };
  return { model: { ...object.spec, uid: object.name } };
}
