import type { LiteralOverPlaceholder } from './find-literals-over-placeholders.js';

/**
 * Pure: the warning on a pulled file whose `${DS_…}` placeholders Grafana's version replaced with datasource uids no input
 * of this run maps (the file stays as written: Grafana's version is what pull takes), naming who else deploys the file.
 */
export function describeLiteralsOverPlaceholders(literals: readonly LiteralOverPlaceholder[], otherEnvironments: readonly string[], environment: string | undefined): string {
  const written = literals.map(({ name, value }) => `datasource ${JSON.stringify(value)} where the file had \${${name}}`).join(', ');
  const unmapped = environment === undefined ? 'no input maps it' : `no input of environment ${environment} maps it`;
  const others =
    otherEnvironments.length === 0
      ? 'every Grafana this file is applied to gets that uid'
      : `environment${otherEnvironments.length === 1 ? '' : 's'} ${otherEnvironments.join(', ')} deploy${otherEnvironments.length === 1 ? 's' : ''} this file too and would get that uid, which ${otherEnvironments.length === 1 ? 'its' : 'their'} Grafana may not have`;
  const example = literals[0]!;
  const where = environment === undefined ? 'the config\'s "inputs"' : `the "inputs" of environment "${environment}"`;
  return (
    `written with a literal datasource uid (${written}): ${unmapped}, and ${others}. ` +
    `Before committing, map it as an input (e.g. "DS_NEW": ${JSON.stringify(example.value)} in ${where}${otherEnvironments.length === 0 ? '' : ', and each other environment\'s own'}) ` +
    `and write "\${DS_NEW}" there, or point the panel back at \${${example.name}}'s datasource in Grafana and pull again`
  );
}
