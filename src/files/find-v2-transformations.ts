import { isPlainObject } from './is-plain-object.js';

/** Where upgrading.md explains a file that 12 (v2beta1) and 13 (v2) must both take. */
export const MIXED_FLEET_DOC = 'docs/upgrading.md#a-fleet-on-12-and-13';

/** A panel transformation of a v2-family spec, and the path of its `kind` (of the transformation when it has none). */
export interface FoundTransformation {
  transformation: Record<string, unknown>;
  path: (string | number)[];
}

/**
 * Pure: the panel transformations in the `v2` form (`{"kind": "Transformation", "group": "<id>", …}`) in a
 * spec. Grafana's v2 → v2beta1 conversion (Convert_V2_to_V2beta1, the reverse of v2beta1 → v2beta2) changes only
 * that: v2alpha1 and v2beta1 write a transformation as `{"kind": "<id>", "spec": {"id": "<id>", …}}`, so 12 reads
 * a `v2` one under `v2beta1` as a transformation of id "Transformation".
 */
export function findV2Transformations(spec: Record<string, unknown>): FoundTransformation[] {
  return findTransformations(spec).filter(({ transformation }) => transformation.kind === 'Transformation');
}

/**
 * Pure: the panel transformations a `v2` spec names by no `group` — typically the v2alpha1/v2beta1 form
 * (`{"kind": "<id>", "spec": {"id": "<id>", …}}`). 13 decodes a `v2` write into v2's Go struct, where the id is only
 * `group`: `spec.id` is dropped, `group` is stored as "", and its schema check does not look inside elements, so
 * the transformation is kept without its id.
 */
export function findTransformationsWithoutGroup(spec: Record<string, unknown>): FoundTransformation[] {
  return findTransformations(spec).filter(({ transformation }) => typeof transformation.group !== 'string' || transformation.group === '');
}

/** The id a transformation in the v2alpha1/v2beta1 form carries (`spec.id`, else its `kind`), if any. */
export function ownTransformationId(transformation: Record<string, unknown>): string | undefined {
  const id = isPlainObject(transformation.spec) ? transformation.spec.id : undefined;
  if (typeof id === 'string' && id !== '') return id;
  const kind = transformation.kind;
  return typeof kind === 'string' && kind !== '' && kind !== 'Transformation' ? kind : undefined;
}

function findTransformations(spec: Record<string, unknown>): FoundTransformation[] {
  const elements = isPlainObject(spec.elements) ? spec.elements : {};
  const found: FoundTransformation[] = [];
  for (const [name, element] of Object.entries(elements)) {
    const query = isPlainObject(element) && isPlainObject(element.spec) && isPlainObject(element.spec.data) ? element.spec.data : null;
    const transformations = query && isPlainObject(query.spec) ? query.spec.transformations : undefined;
    if (!Array.isArray(transformations)) continue;
    transformations.forEach((transformation, index) => {
      if (!isPlainObject(transformation)) return;
      const path = ['spec', 'elements', name, 'spec', 'data', 'spec', 'transformations', index];
      found.push({ transformation, path: 'kind' in transformation ? [...path, 'kind'] : path });
    });
  }
  return found;
}
