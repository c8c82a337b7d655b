import { GrafanaHttpError } from '../../errors.js';

/**
 * Tolerant readers for fields of Grafana's JSON responses: releases add, drop and omit fields
 * (`omitempty`), so a missing field gets a neutral default instead of crashing a plan.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function stringField(object: JsonObject, key: string, fallback = ''): string {
  const value = object[key];
  return typeof value === 'string' ? value : fallback;
}

export function numberField(object: JsonObject, key: string, fallback = 0): number {
  const value = object[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function booleanField(object: JsonObject, key: string): boolean {
  return object[key] === true;
}

export function stringArrayField(object: JsonObject, key: string): string[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Path segment for a uid (uids are `[A-Za-z0-9_-]`, but the path must stay a path whatever the caller passes). */
export function segment(uid: string): string {
  return encodeURIComponent(uid);
}

/** A 2xx answer that is not what the endpoint returns (a proxy page, another product). */
export function unexpectedResponse(method: string, path: string, what: string): GrafanaHttpError {
  return new GrafanaHttpError(method, path, 200, `unexpected response: ${what}; is the URL a Grafana server?`);
}
