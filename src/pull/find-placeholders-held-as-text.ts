import { mapStrings, replacePlaceholders } from '../files/resolve-inputs.js';

/** A `${DS_…}` placeholder Grafana stores as text, and the datasource this run's inputs map it to. */
export interface PlaceholderAsText {
  name: string;
  value: string;
}

/**
 * Pure: the placeholders of inputs this run maps (`${DS_X}`, `$DS_X`) that Grafana's version of a dashboard holds as text, sorted by
 * name: an export imported without its inputs (a script POSTing it to /api/dashboards/db). The file written keeps them, and the
 * plan then writes the mapped datasource in their place: an update, not an edit made in Grafana (walk-69 M2).
 */
export function findPlaceholdersHeldAsText(spec: Record<string, unknown>, inputs: Record<string, string>): PlaceholderAsText[] {
  const held = new Set<string>();
  mapStrings(spec, [], (text) => {
    replacePlaceholders(text, (name) => Object.hasOwn(inputs, name), (name) => {
      held.add(name);
      return undefined;
    });
    return text;
  });
  return [...held].sort().map((name) => ({ name, value: inputs[name]! }));
}

/** Pure: the note on such a file, after its path. */
export function describePlaceholdersHeldAsText(held: readonly PlaceholderAsText[]): string {
  const names = held.map(({ name }) => `\${${name}}`).join(', ');
  const values = held.map(({ name, value }) => `${name} to ${JSON.stringify(value)}`).join(', ');
  return (
    `Grafana holds ${names} as text (an export imported without its inputs); the file keeps ${held.length === 1 ? 'it' : 'them'}, ` +
    `and as the config maps ${values}, the next plan updates the dashboard with that datasource (an update, not an edit made in Grafana)`
  );
}

/**
 * Pure: the one note for the files a pull left as they are whose dashboards Grafana still holds with placeholders as text.
 * The pull that wrote each file said what it is (describePlaceholdersHeldAsText); a pull before the update is applied says
 * only that it is still to apply, once for them all, with the command that shows it (`plan`).
 */
export function describePlaceholdersStillAsText(files: readonly { file: string; held: readonly PlaceholderAsText[] }[], plan: string): string {
  const names = [...new Set(files.flatMap(({ held }) => held.map(({ name }) => name)))].sort().map((name) => `\${${name}}`);
  const shown = files.slice(0, LISTED).map(({ file }) => file).join(', ');
  const more = files.length > LISTED ? `, and ${files.length - LISTED} more` : '';
  const one = files.length === 1;
  return (
    `not applied yet: Grafana still holds ${names.join(', ')} as text in ${one ? 'the dashboard' : `${files.length} dashboards`} of ${shown}${more}, ` +
    `which the config maps: ${plan} shows the update that writes the mapped datasource${one ? '' : 's'}, and apply writes ${one ? 'it' : 'them'}`
  );
}

/** How many files the note names before `and N more`. */
const LISTED = 5;
