import { isObject, type JsonObject } from '../dashboard-model.js';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

export type PatchResult = { ok: true; value: unknown } | { ok: false; error: string };

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function jsonPatch(document: unknown, operations: unknown): PatchResult {
  const applied = applyOperations(document, operations);
  return typeof applied === 'string' ? { ok: false, error: applied } : { ok: true, value: applied.value };
}

/** The patched document, or the text of the first failure. */
function applyOperations(document: unknown, operations: unknown): { value: unknown } | string {
  if (!Array.isArray(operations)) return 'json patch must be an array of operations';
  let doc = structuredClone(document);
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== 'string' || typeof operation.path !== 'string') return 'invalid json patch operation';
    const path = pointer(operation.path);
    switch (operation.op) {
      case 'add':
      case 'replace':
        if (operation.op === 'replace' && get(doc, path) === undefined) return `replace operation does not apply: doc is missing path: ${operation.path}`;
        doc = set(doc, path, structuredClone(operation.value), operation.op === 'add');
        break;
      case 'remove':
        if (get(doc, path) === undefined) return `remove operation does not apply: doc is missing path: ${operation.path}`;
        doc = remove(doc, path);
        break;
      case 'move':
      case 'copy': {
        if (typeof operation.from !== 'string') return `${operation.op} operation needs from`;
        const value = get(doc, pointer(operation.from));
        if (value === undefined) return `${operation.op} operation does not apply: doc is missing from path: ${operation.from}`;
        if (operation.op === 'move') doc = remove(doc, pointer(operation.from));
        doc = set(doc, path, structuredClone(value), true);
        break;
      }
      case 'test':
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(operation.value)) return `testing value ${operation.path} failed`;
        break;
      default:
        return `Unexpected kind: ${operation.op}`;
    }
  }
  return { value: doc };
}

function pointer(path: string): string[] {
  if (path === '') return [];
  return path.slice(1).split('/').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function get(doc: unknown, path: string[]): unknown {
  let node = doc;
  for (const key of path) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

function set(doc: unknown, path: string[], value: unknown, insert: boolean): unknown {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    parent.splice(index, insert ? 0 : 1, value);
  } else if (isObject(parent)) parent[key] = value;
  return doc;
}

function remove(doc: unknown, path: string[]): unknown {
  const parent = get(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (isObject(parent)) delete parent[key];
  return doc;
}
