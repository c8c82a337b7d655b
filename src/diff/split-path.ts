/**
 * Pure: the steps of a path as renderPath writes it: each key as it reads (`panels`, `gridPos`), each bracket whole
 * (`[0 "Errors"]`, `["my key"]`, `[3]`), quoted titles holding `]` or `.` included.
 */
export function splitPath(path: string): string[] {
  const steps: string[] = [];
  let at = 0;
  while (at < path.length) {
    if (path[at] === '.') at += 1;
    if (path[at] !== '[') {
      const end = path.slice(at).search(/[.[]/);
      const next = end === -1 ? path.length : at + end;
      steps.push(path.slice(at, next));
      at = next;
      continue;
    }
    let end = at + 1;
    let quoted = false;
    while (end < path.length && (quoted || path[end] !== ']')) {
      if (path[end] === '\\' && quoted) end += 1;
      else if (path[end] === '"') quoted = !quoted;
      end += 1;
    }
    steps.push(path.slice(at, end + 1));
    at = end + 1;
  }
  return steps;
}

/** Pure: splitPath's inverse, steps joined back into a path (`panels`, `[1]`, `gridPos` → `panels[1].gridPos`). */
export function joinSteps(steps: string[]): string {
  return steps.map((step, index) => (index > 0 && !step.startsWith('[') ? `.${step}` : step)).join('');
}
