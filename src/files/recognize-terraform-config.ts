import { basename } from 'node:path';
import { isPlainObject } from './is-plain-object.js';

/** Top-level block types of Terraform's JSON configuration syntax that only Terraform writes at the top of a file. */
const TERRAFORM_BLOCKS = ['resource', 'terraform', 'provider'];

/** A `grafana_dashboard` resource of Terraform's JSON configuration: its name, and what its config_json says of the dashboard. */
export interface TerraformDashboard {
  name: string;
  /** The model's uid in config_json; null when the model has none, or config_json is no JSON model (an expression). */
  uid: string | null;
  /** config_json as written, when it is an expression (`${file("cpu.json")}`) rather than the model. */
  expression?: string;
}

/**
 * Pure: whether a tree `.json` file is Terraform's JSON configuration (`*.tf.json`, or an object whose top level holds a
 * `resource`, `terraform` or `provider` block, as no dashboard does).
 */
export function isTerraformConfig(path: string, document: Record<string, unknown>): boolean {
  return basename(path).endsWith('.tf.json') || TERRAFORM_BLOCKS.some((block) => isBlock(document[block]));
}

/**
 * Pure: the `grafana_dashboard` resources of Terraform's JSON configuration, in file order. A block may be an object or an array
 * of objects (Terraform's JSON syntax allows both at each level).
 */
export function findTerraformDashboards(document: Record<string, unknown>): TerraformDashboard[] {
  return blocksOf(document.resource).flatMap((types) =>
    blocksOf(types.grafana_dashboard).flatMap((named) => Object.entries(named).flatMap(([name, body]) => blocksOf(body).map((resource) => describeResource(name, resource.config_json)))),
  );
}

function describeResource(name: string, config: unknown): TerraformDashboard {
  if (typeof config !== 'string') return { name, uid: null };
  // A string holding `${…}` is a template Terraform evaluates (file(), jsonencode(), templatefile()…): not the model itself.
  if (config.includes('${')) return { name, uid: null, expression: config };
  try {
    const model: unknown = JSON.parse(config);
    const uid = isPlainObject(model) && typeof model.uid === 'string' && model.uid.trim() !== '' ? model.uid.trim() : null;
    return { name, uid };
  } catch {
    return { name, uid: null };
  }
}

function isBlock(value: unknown): boolean {
  return isPlainObject(value) || (Array.isArray(value) && value.length > 0 && value.every(isPlainObject));
}

function blocksOf(value: unknown): Record<string, unknown>[] {
  if (isPlainObject(value)) return [value];
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/**
 * Pure: the one line for Terraform's JSON configuration holding `grafana_dashboard` resources (walk-20 L-6): what each holds, and
 * the way over (docs/migrating.md): pull each dashboard with its live uid, then let Terraform forget it before dashsync applies.
 */
export function describeTerraformDashboards(found: readonly TerraformDashboard[]): string {
  const each = found.map((resource) => `grafana_dashboard.${resource.name} ${describeHeld(resource)}`);
  const stateRm = `terraform state rm ${found.map((resource) => `grafana_dashboard.${resource.name}`).join(' ')}`;
  return (
    `this is Terraform's JSON configuration, not a dashboard: ${each.join(', ')}; ` +
    `${describePull(found)}; then ${stateRm}, and remove ${found.length === 1 ? 'that resource' : 'those resources'} from this file (or move the file out of the dashboards root), ` +
    'before dashsync applies: Terraform would write its copy back (docs/migrating.md)'
  );
}

/** `dashsync pull <uids>`, for the uids config_json names; a placeholder for the others (Grafana's URL of a dashboard holds its uid). */
function describePull(found: readonly TerraformDashboard[]): string {
  const uids = [...new Set(found.map((resource) => resource.uid).filter((uid): uid is string => uid !== null))];
  const unnamed = found.filter((resource) => resource.uid === null).length;
  const where = '(its uid is in its URL in Grafana)';
  if (uids.length === 0) return `dashsync pull <uid> writes ${unnamed === 1 ? 'it' : 'each'} with its live uid and folder ${where}`;
  const named = `dashsync pull ${uids.join(' ')} writes ${uids.length === 1 ? 'it with its live uid and folder' : 'them with their live uids and folders'}`;
  return unnamed === 0 ? named : `${named}, and dashsync pull <uid> ${unnamed === 1 ? 'the other' : 'each other'} ${where}`;
}

function describeHeld(resource: TerraformDashboard): string {
  if (resource.uid !== null) return `holds dashboard ${resource.uid} in config_json`;
  if (resource.expression !== undefined) return `takes config_json from ${JSON.stringify(resource.expression)}, whose dashboard's uid is not written here`;
  return 'holds a config_json that names no uid';
}
