import type { Settings } from '../config/types.js';
import type { Diagnostic } from '../errors.js';
import { environmentsDeploying } from '../files/deployed-together.js';
import { describeDifferingInputs, findDifferingInputs, mayUseAny, namesMappedApart, type EnvironmentInputs } from '../files/find-differing-inputs.js';
import { locateJsonPath } from '../files/parse-json.js';
import type { InputsSite } from './find-unmapped-inputs.js';

const INPUT_DIFFERS_IN_ORG_RULE = 'input-differs-in-org';

/** For one file (root-relative): the environments of each Grafana org that deploy it, two or more, with their inputs maps. */
export type OrgDeployersOf = (rootPath: string) => EnvironmentInputs[][];

/**
 * Pure: `check` with environments and none chosen, where some of them deploy into one Grafana org (Settings.environmentsSharingOrg):
 * who of each such group selects a file. Undefined when no group exists (nothing to judge, nothing worked out).
 */
export function orgDeployers(settings: Pick<Settings, 'environmentsSharingOrg' | 'environmentSelections' | 'environmentInputs'>, treeFiles: readonly string[]): OrgDeployersOf | undefined {
  if (settings.environmentsSharingOrg.length === 0) return undefined;
  const deploying = environmentsDeploying(treeFiles, settings.environmentSelections);
  return (rootPath) => {
    const here = deploying({ file: rootPath });
    return settings.environmentsSharingOrg
      .map((group) => group.filter((name) => here.includes(name)).map((name): EnvironmentInputs => [name, settings.environmentInputs[name] ?? {}]))
      .filter((group) => group.length > 1);
  };
}

/**
 * Pure: one file that environments of one Grafana org all deploy, rendered with different inputs: one org holds one copy
 * of its uid, so each environment's apply puts its own datasources back in (an error, as two files of one uid in that org
 * are: neither plan ever settles). One line per org group, at the first place the first such input is used.
 */
export function findInputsDifferingInOrg(site: InputsSite, file: string, uid: string | undefined, deployers: readonly (readonly EnvironmentInputs[])[], configFile: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const group of deployers) {
    // Most groups map every input alike, and most files name none of those they map apart: no walk of the model then.
    if (!mayUseAny(site.text, namesMappedApart(group))) continue;
    const differing = findDifferingInputs(site.model, group);
    if (differing.length === 0) continue;
    const environments = group.map(([name]) => name);
    const names = differing.map((input) => input.name);
    const what = uid === undefined ? 'this file' : `uid ${JSON.stringify(uid)}`;
    found.push({
      file,
      ...locateJsonPath(site.text, [...site.modelPath, ...differing[0]!.path]),
      severity: 'error',
      rule: INPUT_DIFFERS_IN_ORG_RULE,
      message:
        `environments ${environments.join(', ')} deploy this file to the same Grafana org with different inputs (${describeDifferingInputs(differing)}): ` +
        `each apply puts its own values back into ${what}, undoing the other's; give ${names.join(', ')} one value for these environments ` +
        `(an environment's own "inputs" override the top-level ones: remove ${names.length === 1 ? 'it' : 'them'} from these environments' "inputs" and set ${names.length === 1 ? 'it' : 'them'} once ` +
        `in the top-level "inputs" of ${configFile}, or give the same value in each), or select this file in one of them only (include/exclude)`,
      ...(uid === undefined ? {} : { uid }),
      environments,
    });
  }
  return found;
}
