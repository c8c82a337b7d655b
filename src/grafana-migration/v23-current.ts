import { asMap, type JsonMap } from './go-values.js';

/**
 * What V23 makes of a variable's `current`, or undefined where it leaves the variable as it is (no `multi` key, `multi`
 * not a boolean, `current` not an object or empty). `multi: true`: a `value` that is not a list becomes a one-element
 * list, and so does its `text` (where present and not a list); `multi: false`: a list `value` and a list `text` each
 * become their first element, or "" for an empty list. The result may equal `current`.
 */
export function alignedCurrent(variable: JsonMap): JsonMap | undefined {
  const current = asMap(variable.current);
  if (!('multi' in variable) || !current || Object.keys(current).length === 0 || typeof variable.multi !== 'boolean') return undefined;
  const result = { ...current };
  if (variable.multi) {
    if (!('value' in result) || Array.isArray(result.value)) return result;
    result.value = [result.value];
    if ('text' in result && !Array.isArray(result.text)) result.text = [result.text];
  } else {
    for (const key of ['value', 'text']) {
      const list = result[key];
      if (Array.isArray(list)) result[key] = list.length > 0 ? list[0] : '';
    }
  }
  return result;
}
