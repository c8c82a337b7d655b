/** One step of a readable path: an object key, an array index, or a matched element's label. */
export type PathSegment = { key: string } | { index: number } | { label: string };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `panels[id=4 "CPU"].targets[0].expr`, `["my key"]`; '' for the whole document. */
export function renderPath(segments: PathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if ('index' in segment) path += `[${segment.index}]`;
    else if ('label' in segment) path += `[${segment.label}]`;
    else if (IDENTIFIER.test(segment.key)) path += path === '' ? segment.key : `.${segment.key}`;
    else path += `[${JSON.stringify(segment.key)}]`;
  }
  return path;
}
