import { canonicalJson } from '../normalize/canonical-json.js';

/** Whether check --fix reformats a file: its text (`value`, parsed) is not written canonically, a byte-order mark apart. */
export function isReformatted(text: string, value: unknown): boolean {
  return canonicalJson(value) !== text.replace(/^\uFEFF/, '');
}
