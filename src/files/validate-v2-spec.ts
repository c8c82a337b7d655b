import { didYouMean } from '../config/closest-name.js';
import type { Diagnostic } from '../errors.js';
import { describeFoundValue } from './describe-found-value.js';
import { describeFieldType, findV2FieldTypes } from './find-v2-field-types.js';
import { isPlainObject } from './is-plain-object.js';
import { locateJsonPath } from './parse-json.js';
import { walkV2Layout } from './walk-v2-layout.js';

const ELEMENT_KINDS = new Set(['Panel', 'LibraryPanel']);
/** Element names are map keys the layout refers to: any text, but no blank one and no control characters. */
const BAD_NAME = /^\s|\s$|[\u0000-\u001f\u007f]/;

/**
 * Pure: the structure Grafana's v2 schema requires (apps/dashboard/kinds/v2/dashboard_spec.cue and its v2alpha1/v2beta1 siblings),
 * the parts a mistake in a hand-edited file breaks: `elements` is an object of `Panel` or
 * `LibraryPanel` elements with usable names; `layout` is a known layout kind whose items are
 * known item kinds, each referencing an element that exists. Unused and doubly placed
 * elements are warnings (Grafana does not show the first; the editor mixes up the second).
 */
export function validateV2Spec(spec: Record<string, unknown>, where: { file: string; text: string; specPath: string[]; version: string }): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (severity: Diagnostic['severity'], rule: string, path: (string | number)[], message: string): void => {
    diagnostics.push({ file: where.file, ...locateJsonPath(where.text, [...where.specPath, ...path]), severity, rule, message });
  };

  const elements = isPlainObject(spec.elements) ? spec.elements : {};
  if (spec.elements !== undefined && !isPlainObject(spec.elements)) {
    report('error', 'v2-element-invalid', ['elements'], 'spec.elements must be an object of elements by name, e.g. {"panel-1": {"kind": "Panel", "spec": {…}}}');
  }
  const panelIds = new Map<number, string>();
  for (const [name, element] of Object.entries(elements)) {
    if (name === '' || BAD_NAME.test(name)) {
      report('error', 'v2-element-name-invalid', ['elements', name], `element name ${JSON.stringify(name)} is not usable: names must not be empty, start or end with a space, or hold control characters`);
    }
    if (!isPlainObject(element) || !ELEMENT_KINDS.has(element.kind as string)) {
      const kind = isPlainObject(element) ? JSON.stringify(element.kind ?? null) : 'no object';
      report('error', 'v2-element-invalid', isPlainObject(element) && 'kind' in element ? ['elements', name, 'kind'] : ['elements', name],
        `element ${JSON.stringify(name)} must be {"kind": "Panel" or "LibraryPanel", "spec": {…}}; found ${kind}`);
      continue;
    }
    const id = isPlainObject(element.spec) ? element.spec.id : undefined;
    if (typeof id === 'number') {
      const other = panelIds.get(id);
      if (other !== undefined) {
        report('warning', 'v2-panel-id-duplicate', ['elements', name, 'spec', 'id'], `panel id ${id} is also used by element ${JSON.stringify(other)}: links to panels and the conversion to the classic model mix them up; give one of them another id`);
      } else panelIds.set(id, name);
    }
  }

  if (!isPlainObject(spec.layout)) {
    report('error', 'v2-layout-invalid', spec.layout === undefined ? [] : ['layout'], 'a v2 dashboard needs spec.layout: {"kind": "GridLayout", "spec": {"items": […]}} (or RowsLayout, TabsLayout, AutoGridLayout)');
    return diagnostics;
  }
  const placed = new Map<string, (string | number)[]>();
  const missing: { name: string; diagnostic: Diagnostic }[] = [];
  let readable = true;
  walkV2Layout(spec.layout, ['layout'], {
    problem: (path, message) => {
      readable = false;
      report('error', 'v2-layout-invalid', path, message);
    },
    item: (name, path) => {
      if (!Object.hasOwn(elements, name)) {
        report('error', 'v2-element-missing', path, `layout item refers to element ${JSON.stringify(name)}, which spec.elements does not define`);
        missing.push({ name, diagnostic: diagnostics.at(-1)! });
        return;
      }
      if (placed.has(name)) {
        report('warning', 'v2-element-reused', path, `element ${JSON.stringify(name)} is placed twice in the layout: give each place its own element (a repeat option repeats one)`);
      } else placed.set(name, path);
    },
  });
  // A name close to an element the layout places nowhere is likely a typo of it (one placed already is not the one meant).
  const unplaced = Object.keys(elements).filter((name) => !placed.has(name));
  for (const { name, diagnostic } of missing) {
    const hint = didYouMean(name, unplaced);
    diagnostic.message += hint === '' ? ': define it there, or remove the item' : `${hint}: correct the name, define it there, or remove the item`;
  }
  for (const { path, expected, found } of findV2FieldTypes(spec, where.version)) {
    report('error', 'v2-field-type', path, `${describePath(path)} must be ${describeFieldType(expected)}, found ${describeFoundValue(found)}: Grafana decodes it into a typed field and refuses the dashboard (HTTP 400)`);
  }
  // Where the layout cannot be read, which elements it places is not known.
  for (const name of readable ? Object.keys(elements) : []) {
    if (!placed.has(name)) {
      report('warning', 'v2-element-unused', ['elements', name], `element ${JSON.stringify(name)} is not placed in the layout: Grafana does not show it, and the next save in the editor drops it; place it in the layout, or remove it`);
    }
  }
  return diagnostics;
}

/** `layout.spec.items[0].spec.height`, as a person finds it in the file. */
function describePath(path: (string | number)[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : /^[A-Za-z_][\w]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`)).join('');
}
