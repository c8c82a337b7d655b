import { isPlainObject } from './is-plain-object.js';
import { libraryPanelElement } from './library-panel-element.js';
import { describeTerraformDashboards, findTerraformDashboards } from './recognize-terraform-config.js';
import { describeFolderFile, findYamlResources, operatorDashboardUid, type OperatorDashboardUid } from './yaml-resource.js';

const PEER_FORM_RULE_NAMES = ['library-panel-outside-library', 'folder-object', 'operator-resource', 'folder-resource-outside-folder-file', 'terraform-config'] as const;

/** The rules of recognizePeerForm's errors: a file that holds one is no dashboard (check does not count it as one). */
export const PEER_FORM_RULES: ReadonlySet<string> = new Set(PEER_FORM_RULE_NAMES);

/** A file another tool wrote in a shape dashsync does not read as a dashboard: one error that names the shape and what to do. */
export interface PeerForm {
  rule: (typeof PEER_FORM_RULE_NAMES)[number];
  /** Where the error points (a JSON path of the document). */
  path: string[];
  message: string;
}

const OPERATOR_GROUP = 'grafana.integreatly.org/';

/**
 * Pure: a dashboard file's document that is another tool's shape (audit-ux-9 F6, F8): a library element in the API form (gdg's
 * `libraryelements/`), Grafana's folder object (gdg's `folders/*.json`), a grafana-operator custom resource, a Folder resource
 * outside `_folder.json`, Terraform's JSON configuration holding `grafana_dashboard` resources (walk-20 L-6; one without is
 * recognizeNotADashboard's). Undefined for anything else: a dashboard, or a document the dashboard rules judge.
 */
export function recognizePeerForm(document: Record<string, unknown>): PeerForm | undefined {
  // Its kinds are GrafanaDashboard, GrafanaFolder, GrafanaDatasource…: another kind under its group is a mistyped dashboard resource.
  if (typeof document.apiVersion === 'string' && document.apiVersion.startsWith(OPERATOR_GROUP) && typeof document.kind === 'string' && document.kind.startsWith('Grafana')) {
    return operatorResource(document.kind, document);
  }
  if (typeof document.apiVersion === 'string' && document.apiVersion.startsWith('folder.grafana.app/')) {
    return { rule: 'folder-resource-outside-folder-file', path: ['kind'], message: `this is a Folder resource (Git Sync, kubectl): dashsync reads a folder only from the _folder.json of its directory, as ${describeFolderFile(findYamlResources(document))}; move its uid and title there and delete this file` };
  }
  const terraform = findTerraformDashboards(document);
  if (terraform.length > 0) return { rule: 'terraform-config', path: ['resource'], message: describeTerraformDashboards(terraform) };
  if ('apiVersion' in document || typeof document.kind === 'string') return undefined;
  if (isClassicModel(document)) return undefined;
  const { element, path } = libraryPanelElement(document);
  if (isPlainObject(element.model) && (element.kind === 1 || element.kind === 2)) {
    return { rule: 'library-panel-outside-library', path, message: 'this is a library panel (the library element API form, as gdg exports it): put it in a _library/ directory, the folder\'s that holds it (see docs/library-panels.md); dashsync reads library panels only there' };
  }
  if (typeof document.uid === 'string' && typeof document.title === 'string' && isFolderObject(document)) {
    return { rule: 'folder-object', path: [], message: `this is a Grafana folder object (as gdg writes it to folders/): dashsync makes a folder of each directory; give the directory that holds this folder's dashboards a _folder.json ${JSON.stringify({ uid: document.uid, title: document.title })} and delete this file` };
  }
  return undefined;
}

/**
 * Pure: recognizePeerForm's error for a document that holds a dashboard in another tool's form (Terraform's `grafana_dashboard`,
 * a grafana-operator GrafanaDashboard), whose uid is not where dashsync reads a dashboard file's; undefined for anything else
 * (the other peer forms hold no dashboard).
 */
export function recognizePeerDashboard(document: Record<string, unknown>): PeerForm | undefined {
  const peer = recognizePeerForm(document);
  return peer !== undefined && (peer.rule === 'terraform-config' || document.kind === 'GrafanaDashboard') ? peer : undefined;
}

/** A classic dashboard model, bare or in the `{dashboard, meta}` wrapper: none of the shapes here. */
function isClassicModel(document: Record<string, unknown>): boolean {
  const model = isPlainObject(document.dashboard) ? document.dashboard : document;
  return 'panels' in model || 'schemaVersion' in model || 'rows' in model || 'templating' in model;
}

/** GET /api/folders/:uid's answer: a folder's url and its permission flags, which no dashboard model has. */
function isFolderObject(document: Record<string, unknown>): boolean {
  return (typeof document.url === 'string' && document.url.includes('/dashboards/f/')) || 'hasAcl' in document || 'canAdmin' in document;
}

function operatorResource(kind: string, document: Record<string, unknown>): PeerForm {
  if (kind === 'GrafanaDashboard') {
    return {
      rule: 'operator-resource',
      path: ['kind'],
      message: `this is a grafana-operator GrafanaDashboard: its dashboard is the string in spec.json (or behind spec.url, spec.configMapRef): write that model to its own .json file ${describeOperatorUid(operatorDashboardUid(document))}, and delete the custom resource before dashsync applies (the operator would write its copy back)`,
    };
  }
  if (kind === 'GrafanaFolder') {
    // The folder the operator made: its uid and title as the resource names them (docs/migrating.md), as for YAML.
    const folderFile = describeFolderFile(findYamlResources(document));
    return { rule: 'operator-resource', path: ['kind'], message: `this is a grafana-operator GrafanaFolder: dashsync makes a folder of each directory; give the directory that holds its dashboards a _folder.json ${folderFile} and delete the custom resource before dashsync applies` };
  }
  return { rule: 'operator-resource', path: ['kind'], message: `this is a grafana-operator ${JSON.stringify(kind)}, not a dashboard: move it out of the dashboards root` };
}

/**
 * The uid the file must keep, so that dashsync takes over the dashboard the operator made rather than a second copy (walk-20
 * L-5): the operator's own choice (operatorDashboardUid).
 */
function describeOperatorUid(found: OperatorDashboardUid): string {
  const gave = 'the uid the operator gave it in Grafana';
  if (found.uid === null) {
    const metadataUid = found.from === 'unread model' && found.metadataUid !== null ? ` ${JSON.stringify(found.metadataUid)}` : '';
    if (found.from === 'unread model' && found.tooLarge !== undefined) {
      return `with ${gave} (the model's own "uid", else the resource's metadata.uid${metadataUid}; its spec.gzipJson inflates to more than ${found.tooLarge / (1024 * 1024)} MB, more than dashsync reads, so the model's uid is not read here)`;
    }
    return found.from === 'unread model'
      ? `with ${gave} (the model's own "uid", else the resource's metadata.uid${metadataUid})`
      : `with ${gave}: the resource's metadata.uid, as neither spec.uid nor the model sets one, and this file does not hold it (\`kubectl get\` writes it; or dashsync pull that uid)`;
  }
  if (found.from === 'model') return `keeping its "uid": ${JSON.stringify(found.uid)} (${gave})`;
  const where = found.from === 'spec.uid' ? 'spec.uid, which overrides the model\'s own' : 'the resource\'s metadata.uid, as neither spec.uid nor the model sets one';
  return `with "uid": ${JSON.stringify(found.uid)} (${gave}: ${where})`;
}
