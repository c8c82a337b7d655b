import { isPlainObject } from './is-plain-object.js';

/** Where upgrading.md explains a file that 12 (v2beta1) and 13 (v2) must both take. */
export const MIXED_FLEET_DOC = 'docs/upgrading.md#a-fleet-on-12-and-13';

/**
 * Pure: the paths of panel transformations in the `v2` form (`{"kind": "Transformation", "group": "<id>", …}`) in a
 * spec. Grafana's v2 → v2beta1 conversion (Convert_V2_to_V2beta1, the reverse of v2beta1 → v2beta2) changes only
 * that: v2alpha1 and v2beta1 write a transformation as `{"kind": "<id>", "spec": {"id": "<id>", …}}`, so 12 reads
 * a `v2` one under `v2beta1` as a transformation of id "Transformation".
 */
export function findV2Transformations(spec: Record<string, unknown>): (string | number)[][] {
  const elements = isPlainObject(spec.elements) ? spec.elements : {};
  const found: (string | number)[][] = [];
  for (const [name, element] of Object.entries(elements)) {
    const query = isPlainObject(element) && isPlainObject(element.spec) && isPlainObject(element.spec.data) ? element.spec.data : null;
    const transformations = query && isPlainObject(query.spec) ? query.spec.transformations : undefined;
    if (!Array.isArray(transformations)) continue;
    transformations.forEach((transformation, index) => {
      if (isPlainObject(transformation) && transformation.kind === 'Transformation') {
        found.push(['spec', 'elements', name, 'spec', 'data', 'spec', 'transformations', index, 'kind']);
      }
    });
  }
  return found;
}
