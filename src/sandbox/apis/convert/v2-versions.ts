import type { JsonObject } from '../../dashboard-model.js';

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A v2-family spec read at another v2 version (apps/dashboard/pkg/migration/conversion, Convert_V2beta1_to_V2 and
 * Convert_V2_to_V2beta1): the one shape difference emulated is a panel transformation's id — v2beta1's
 * `{kind: "<id>", spec: {id: "<id>", …}}`, v2's `{kind: "Transformation", group: "<id>", spec: {…}}`
 * (fixupTransformations_V2beta1_to_V2 / fixupTransformations_V2_to_V2beta1). v2alpha1 is left as stored.
 */
export function convertV2Version(spec: JsonObject, from: string, to: string): JsonObject {
  if (from === to || !isPair(from, to)) return spec;
  const elements = isObject(spec.elements) ? spec.elements : null;
  if (elements === null) return spec;
  const converted: JsonObject = {};
  for (const [key, element] of Object.entries(elements)) converted[key] = withTransformations(element, to === 'v2' ? toV2 : toV2beta1);
  return { ...spec, elements: converted };
}

/**
 * A v2-family write as the apiserver decodes it into that version's Go structs (dashboard_spec_gen.go). encoding/json
 * drops the keys a struct lacks (with no `fieldValidation` the decode's default is Warn: a warning, not a refusal)
 * and leaves a missing string "" (no omitempty); the CUE check that follows does not look inside elements (v2's
 * `elements: [ElementReference.name]: Element | *{}`: the open `{}` takes any element), so what is decoded is stored.
 * - v2alpha1/v2beta1 (`DashboardTransformationKind {Kind, Spec DashboardDataTransformerConfig {Id, Disabled, Filter,
 *   Topic, Options}}`): a v2-form transformation (`{kind: "Transformation", group: "<id>", …}`) loses its id
 *   (`kind` "Transformation", `spec.id` "").
 * - v2 (`DashboardTransformationKind {Kind, Group, Spec DashboardTransformationSpec {Disabled, Filter, Topic,
 *   Options}}`): a v2beta1-form transformation (`{kind: "<id>", spec: {id: "<id>", …}}`) loses its id too
 *   (`kind` "<id>", `group` "", `spec.id` dropped).
 * Other versions, and each version's own form, are unchanged.
 */
export function decodeV2Transformations(spec: JsonObject, version: string): JsonObject {
  const decode = version === 'v2' ? asDecodedV2 : version === 'v2alpha1' || version === 'v2beta1' ? asDecodedV2beta1 : null;
  const elements = isObject(spec.elements) ? spec.elements : null;
  if (decode === null || elements === null) return spec;
  const decoded: JsonObject = {};
  for (const [key, element] of Object.entries(elements)) decoded[key] = withTransformations(element, decode);
  return { ...spec, elements: decoded };
}

function asDecodedV2beta1(transformation: JsonObject): JsonObject {
  const spec = isObject(transformation.spec) ? transformation.spec : {};
  return { kind: transformation.kind ?? '', spec: { id: spec.id ?? '', ...pick(spec) } };
}

function asDecodedV2(transformation: JsonObject): JsonObject {
  const spec = isObject(transformation.spec) ? transformation.spec : {};
  return { kind: transformation.kind ?? '', group: transformation.group ?? '', spec: pick(spec) };
}

function isPair(from: string, to: string): boolean {
  return (from === 'v2' && to === 'v2beta1') || (from === 'v2beta1' && to === 'v2');
}

/** Only a `Panel` element's `data.spec.transformations` change (a library panel's live in the library element). */
function withTransformations(element: unknown, convert: (transformation: JsonObject) => JsonObject): unknown {
  if (!isObject(element) || element.kind !== 'Panel' || !isObject(element.spec)) return element;
  const data = element.spec.data;
  if (!isObject(data) || !isObject(data.spec) || !Array.isArray(data.spec.transformations)) return element;
  const transformations = data.spec.transformations.map((t) => (isObject(t) ? convert(t) : t));
  return { ...element, spec: { ...element.spec, data: { ...data, spec: { ...data.spec, transformations } } } };
}

/** v2beta1 → v2: `kind` is the id; `spec.id` has no place in v2's DashboardTransformationSpec. */
function toV2(transformation: JsonObject): JsonObject {
  const { id: _id, ...spec } = isObject(transformation.spec) ? transformation.spec : {};
  return { kind: 'Transformation', group: transformation.kind ?? '', spec: pick(spec) };
}

/** v2 → v2beta1: `group` becomes both `kind` and `spec.id`. */
function toV2beta1(transformation: JsonObject): JsonObject {
  const spec = isObject(transformation.spec) ? transformation.spec : {};
  const id = transformation.group ?? '';
  return { kind: id, spec: { id, ...pick(spec) } };
}

/** The fields both versions' transformation spec carry (disabled, filter, topic, options); others are dropped. */
function pick(spec: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const key of ['disabled', 'filter', 'topic', 'options']) if (spec[key] !== undefined) kept[key] = spec[key];
  return kept;
}
