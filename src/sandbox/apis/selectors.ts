/** Label and field selectors as k8s.io/apimachinery parses them (labels.Parse, fields.ParseSelector), the subset clients send. */
export interface LabelRequirement {
  key: string;
  operator: '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Splits on commas outside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

/** Parses a labelSelector; a string error message when it does not parse. */
export function parseLabelSelector(selector: string): LabelRequirement[] | string {
  const out: LabelRequirement[] = [];
  for (const term of terms(selector)) {
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      out.push({ key: set[1]!, operator: set[2] as 'in' | 'notin', values: set[3]!.split(',').map((v) => v.trim()).filter(Boolean) });
      continue;
    }
    const compare = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (compare) {
      out.push({ key: compare[1]!, operator: compare[2] === '!=' ? '!=' : '=', values: [compare[3]!] });
      continue;
    }
    const exists = /^(!?)([^=!\s(),]+)$/.exec(term);
    if (exists) {
      out.push({ key: exists[2]!, operator: exists[1] ? '!' : 'exists', values: [] });
      continue;
    }
    return `unable to parse requirement: ${term}`;
  }
  return out;
}

export function matchesLabels(labels: Record<string, string>, requirements: LabelRequirement[]): boolean {
  return requirements.every(({ key, operator, values }) => {
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    switch (operator) {
      case '=':
        return has && value === values[0];
      case '!=':
        return !has || value !== values[0];
      case 'in':
        return has && values.includes(value!);
      case 'notin':
        return !has || !values.includes(value!);
      case 'exists':
        return has;
      case '!':
        return !has;
    }
  });
}

/** Parses a fieldSelector; only metadata.name and metadata.namespace are known fields (generic GetAttrs). */
export function parseFieldSelector(selector: string): FieldRequirement[] | string {
  const out: FieldRequirement[] = [];
  for (const term of terms(selector)) {
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) return `invalid selector: '${selector}'; can't understand '${term}'`;
    const field = match[1]!;
    if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      return `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`;
    }
    out.push({ field, operator: match[2] === '!=' ? '!=' : '=', value: match[3]! });
  }
  return out;
}
