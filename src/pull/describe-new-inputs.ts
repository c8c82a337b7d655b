import type { PlacedInputs } from './place-new-file-inputs.js';

/** The `created` line's note on a new file's datasources: `${DS_PROMETHEUS} for "prom-staging"`, and any left literal. */
export function describeNewInputs(newInputs: Omit<PlacedInputs, 'model'>): string {
  const parts = newInputs.placed.map(({ name, value }) => `\${${name}} for ${JSON.stringify(value)}`);
  for (const { value, names } of newInputs.ambiguous) {
    parts.push(`datasource ${JSON.stringify(value)} kept literal: ${names.join(' and ')} ${names.length === 2 ? 'both' : 'all'} map to it, so write the right placeholder by hand`);
  }
  return parts.join('; ');
}
