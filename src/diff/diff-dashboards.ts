import deepDiff from 'deep-diff';
import type { FieldChange } from './types.js';
import { firstDifference } from './is-deep-equal.js';
import { V1_KEYING, type KeyingRules } from './keying-rules.js';
import type { KeyedInfo, KeyedRegistry, OrderChange } from './keyed-registry.js';
import { matchArrayElements } from './match-array-elements.js';
import { renderPath, type PathSegment } from './render-path.js';

/**
 * Field-level differences live → desired, with readable paths
 * (`panels[id=4 "CPU"].targets[0].expr`). Elements of panel and variable arrays are
 * matched by id/name first, so an inserted panel is one `added` change; a pure reorder
 * of matched elements is one `changed` entry on the array whose before/after list the
 * element labels. Deterministic: ordered as the document reads (object keys sorted).
 * The only module that knows deep-diff.
 */
export function diffDashboards(live: unknown, desired: unknown): FieldChange[] {
  return diffDocuments(live, desired, V1_KEYING);
}

/** The diff itself, with the document kind's rules for matching and naming its parts. */
export function diffDocuments(live: unknown, desired: unknown, rules: KeyingRules): FieldChange[] {
  const difference = firstDifference(live, desired);
  if (difference === null) return [];
  const registry: KeyedRegistry = new WeakMap();
  const orderChanges: OrderChange[] = [];
  const [liveT, desiredT] = matchArrayElements(live, desired, registry, orderChanges, rules, difference);
  const raw = deepDiff.diff(liveT, desiredT) ?? [];

  const located: { order: (string | number)[]; change: FieldChange }[] = [];
  for (const entry of raw) {
    let path = entry.path ?? [];
    let item: deepDiff.Diff<unknown, unknown> = entry;
    if (entry.kind === 'A') {
      path = [...path, entry.index];
      item = entry.item;
    }
    const { segments, order } = describePath(path, liveT, desiredT, registry);
    located.push({ order, change: toFieldChange(renderPath(segments), item, registry) });
  }
  for (const change of orderChanges) {
    const { segments, order } = describePath(change.steps, liveT, desiredT, registry);
    located.push({ order, change: { path: renderPath(segments), kind: 'changed', before: change.before, after: change.after } });
  }
  return located.sort((a, b) => compareOrder(a.order, b.order)).map((entry) => entry.change);
}

function toFieldChange(path: string, item: deepDiff.Diff<unknown, unknown>, registry: KeyedRegistry): FieldChange {
  switch (item.kind) {
    case 'N':
      return { path, kind: 'added', after: restoreArrays(item.rhs, registry) };
    case 'D':
      return { path, kind: 'removed', before: restoreArrays(item.lhs, registry) };
    case 'E':
      return { path, kind: 'changed', before: restoreArrays(item.lhs, registry), after: restoreArrays(item.rhs, registry) };
    default:
      // deep-diff nests 'A' only one level deep; reaching here would be a deep-diff change.
      throw new Error(`unexpected nested array change in diff at ${path}`);
  }
}

/** Walks both transformed documents along deep-diff's raw path to name each step. */
function describePath(
  path: unknown[],
  live: unknown,
  desired: unknown,
  registry: KeyedRegistry,
): { segments: PathSegment[]; order: (string | number)[] } {
  const segments: PathSegment[] = [];
  const order: (string | number)[] = [];
  // The two sides' nodes at the current step: one walk each, no array a step.
  let liveNode = live;
  let desiredNode = desired;
  for (const step of path) {
    const info = keyedInfoOf(liveNode, registry) ?? keyedInfoOf(desiredNode, registry);
    if (info && typeof step === 'string') {
      // A map by name keeps its key order (desired first); a key without a label reads as an ordinary key.
      const label = info.labelOf(step);
      segments.push(label !== undefined || info.fromArray ? { label: label ?? step } : { key: step });
      order.push(info.positionOf(step));
    } else if (typeof step === 'number') {
      segments.push({ index: step });
      order.push(step);
    } else {
      segments.push({ key: String(step) });
      order.push(String(step));
    }
    liveNode = childOf(liveNode, step);
    desiredNode = childOf(desiredNode, step);
  }
  return { segments, order };
}

function keyedInfoOf(node: unknown, registry: KeyedRegistry): KeyedInfo | undefined {
  return typeof node === 'object' && node !== null ? registry.get(node) : undefined;
}

function childOf(node: unknown, step: unknown): unknown {
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[step as string] : undefined;
}

function compareOrder(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/** Turns keyed containers back into arrays so before/after values are the user's JSON. */
function restoreArrays(value: unknown, registry: KeyedRegistry): unknown {
  if (Array.isArray(value)) return value.map((item) => restoreArrays(item, registry));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (registry.get(record)?.fromArray) return Object.values(record).map((item) => restoreArrays(item, registry));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    Object.defineProperty(out, key, { value: restoreArrays(item, registry), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
