/**
 * `…datasource.uid` (a v1 or v2alpha1 object reference), `…datasource.name` (a v2beta1/v2 DataQueryKind's
 * reference) or `…datasource` (a uid or name as a plain string).
 */
export function isDatasourceReference(path: (string | number)[]): boolean {
  const last = path[path.length - 1];
  return last === 'datasource' || ((last === 'uid' || last === 'name') && path[path.length - 2] === 'datasource');
}
