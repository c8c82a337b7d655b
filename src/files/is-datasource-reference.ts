/**
 * `…datasource.uid` (a v1 or v2alpha1 object reference), `…datasource.name` (a v2beta1/v2 DataQueryKind's
 * reference) or `…datasource` (a uid or name as a plain string).
 */
export function isDatasourceReference(path: (string | number)[]): boolean {
  const last = path[path.length - 1];
  return last === 'datasource' || ((last === 'uid' || last === 'name') && path[path.length - 2] === 'datasource');
}

/**
 * Whether `path` in `model` names a data source by its uid: a reference (isDatasourceReference), or the `current` value or
 * text of a datasource variable (`templating.list[i].current.value` where that variable's `type` is `datasource`; v2's
 * `variables[i].spec.current.value` of a `DatasourceVariable`), which holds the uid picked last in the environment it was
 * saved in.
 */
export function isDatasourcePlaceIn(model: Record<string, unknown>): (path: (string | number)[]) => boolean {
  return (path) => isDatasourceReference(path) || isDatasourceVariableCurrent(model, path);
}

/** `templating.list[i].current.value` (or `.text`, or an item of a multi-value one) of a datasource variable; v2's likewise. */
function isDatasourceVariableCurrent(model: Record<string, unknown>, path: readonly (string | number)[]): boolean {
  if (path[3] !== 'current' || (path[4] !== 'value' && path[4] !== 'text')) return false;
  if (path.length !== 5 && !(path.length === 6 && typeof path[5] === 'number')) return false;
  const classic = path[0] === 'templating' && path[1] === 'list';
  if (!classic && !(path[0] === 'variables' && path[2] === 'spec')) return false;
  const list = classic ? (model.templating as { list?: unknown } | undefined)?.list : model.variables;
  const variable = Array.isArray(list) ? (list[(classic ? path[2] : path[1]) as number] as Record<string, unknown> | undefined) : undefined;
  return isDatasourceVariable(variable, classic);
}

/** A datasource variable: classic `templating.list` items of `type: "datasource"`, v2 `variables` of kind `DatasourceVariable`. */
export function isDatasourceVariable(variable: Record<string, unknown> | undefined, classic: boolean): boolean {
  return classic ? variable?.type === 'datasource' : variable?.kind === 'DatasourceVariable';
}
