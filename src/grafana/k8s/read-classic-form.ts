import type { ConvertedForm } from '../port.js';
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
export async function readClassicForm(context: K8sContext, uid: string): Promise<ConvertedForm | null> {
  const form = await readConverted(context, uid, context.versions.v1Read, true);
  return form && 'model' in form ? { model: { ...form.model, uid } } : form;
}

/**
 * A classic-stored dashboard as Grafana's conversion gives it at the served v2 `version` (v1 family → v2*, since
 * PR #109037); null when it is gone, or stored as v2 since it was read.
 */
export function readV2Form(context: K8sContext, uid: string, version: string): Promise<ConvertedForm | null> {
  return readConverted(context, uid, version, false);
}

/** The dashboard read at `version`, when Grafana converted it there from the other schema family (`storedAsV2`: the family it must be stored in). */
async function readConverted(context: K8sContext, uid: string, version: string, storedAsV2: boolean): Promise<ConvertedForm | null> {
  const object = await getDashboardObject(context.http, await context.namespace(), version, uid);
  const conversion = object?.conversion;
  if (!object || !conversion || isV2(conversion.storedVersion) !== storedAsV2 || isV2(versionOf(object.apiVersion)) === storedAsV2) return null;
  if (conversion.failed || object.spec === null) return { failed: conversion.error || 'Grafana sent no converted dashboard' };
  return { model: object.spec };
}
