import { isObject, type JsonObject } from '../dashboard-model.js';
import type { StatusCause } from './k8s-status.js';

const layoutKinds = new Set(['GridLayout', 'RowsLayout', 'AutoGridLayout', 'TabsLayout']);
const elementKinds = new Set(['Panel', 'LibraryPanel']);

/**
 * The structural part of the v2 schema check (apps/dashboard/pkg/apis/dashboard/v2/validation.go runs the CUE
 * schema; unknown fields are not reported): required values present, layout and element kinds known, every layout
 * item pointing at an element. Field paths are relative to the spec, as formatErrorPath prints CUE paths.
 * A v1 spec sent to a v2 version fails here on `layout`.
 */
export function validateV2Spec(spec: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const add = (field: string, detail: string) => causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${detail}`, field });
  if (typeof spec.title !== 'string') add('title', 'field is required but not present');
  if (spec.elements !== undefined && !isObject(spec.elements)) add('elements', 'conflicting values: expected a struct');
  const elements = isObject(spec.elements) ? spec.elements : {};
  for (const [name, element] of Object.entries(elements)) {
    if (!isObject(element) || !elementKinds.has(String(element.kind))) add(`elements.${name}.kind`, 'expected "Panel" or "LibraryPanel"');
  }
  if (!isObject(spec.layout)) add('layout', 'field is required but not present');
  else checkLayout(spec.layout, 'layout', elements, add);
  if (spec.timeSettings !== undefined && !isObject(spec.timeSettings)) add('timeSettings', 'conflicting values: expected a struct');
  return causes;
}

function checkLayout(layout: JsonObject, path: string, elements: JsonObject, add: (field: string, detail: string) => void): void {
  if (!layoutKinds.has(String(layout.kind))) {
    add(`${path}.kind`, 'expected "GridLayout", "RowsLayout", "AutoGridLayout" or "TabsLayout"');
    return;
  }
  const spec = isObject(layout.spec) ? layout.spec : {};
  const sections = layout.kind === 'RowsLayout' ? spec.rows : layout.kind === 'TabsLayout' ? spec.tabs : undefined;
  if (sections !== undefined || layout.kind === 'RowsLayout' || layout.kind === 'TabsLayout') {
    (Array.isArray(sections) ? sections : []).forEach((section, index) => {
      const inner = isObject(section) && isObject(section.spec) ? section.spec.layout : undefined;
      const key = layout.kind === 'RowsLayout' ? 'rows' : 'tabs';
      if (isObject(inner)) checkLayout(inner, `${path}.spec.${key}.${index}.spec.layout`, elements, add);
      else add(`${path}.spec.${key}.${index}.spec.layout`, 'field is required but not present');
    });
    return;
  }
  (Array.isArray(spec.items) ? spec.items : []).forEach((item, index) => {
    const reference = isObject(item) && isObject(item.spec) && isObject(item.spec.element) ? item.spec.element.name : undefined;
    if (typeof reference !== 'string' || !(reference in elements)) {
      add(`${path}.spec.items.${index}.spec.element.name`, `element ${JSON.stringify(reference ?? '')} is not defined in elements`);
    }
  });
}
