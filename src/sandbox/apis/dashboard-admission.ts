import { isObject, refreshProblem, type JsonObject } from '../dashboard-model.js';
import type { EraRules } from '../era.js';
import type { Reply } from '../http/reply.js';
import { orgFolders, type SandboxState } from '../state.js';
import { DASHBOARDS, FOLDERS } from './apis-context.js';
import { badRequest, invalid, notFound, type StatusCause } from './k8s-status.js';
import { migrateSpecOnWrite } from './migrate-on-write.js';
import { validateV2Spec } from './validate-v2-spec.js';

/** dashboards.LooksLikeV2SpecMessage (pkg/services/dashboards), as the 13 apiserver and /api/dashboards/db answer it. */
export const LOOKS_LIKE_V2 = 'dashboard appears to be in v2 format. Please use the /apis/dashboard.grafana.app/v2 API';

export const isV2Version = (version: string) => version.startsWith('v2');

export function looksLikeV2Spec(spec: JsonObject): boolean {
  return 'elements' in spec || 'layout' in spec;
}

/**
 * The mutating admission (pkg/registry/apis/dashboard/mutate.go): `uid`, `version` and `id` leave a v0/v1 spec;
 * v1beta1/v1 specs are migrated (migrateSpecOnWrite); then the spec is validated against its schema. With the
 * default `fieldValidation=Strict` a failed migration or schema check is 422 Invalid; `Ignore` stores it anyway;
 * `Warn` is refused (ValidateDashboardSpec: "Not supported: FieldValidationMode: Warn").
 */
export function mutateDashboardSpec(
  input: JsonObject,
  version: string,
  name: string,
  era: EraRules,
  orgId: number,
  fieldValidation: string,
): { ok: true; spec: JsonObject } | { ok: false; reply: Reply } {
  const strict = fieldValidation !== 'Ignore';
  const refuse = (reply: Reply) => ({ ok: false as const, reply });
  const accept = (spec: JsonObject) => ({ ok: true as const, spec });
  const warnRefused = () => refuse(badRequest('Not supported: FieldValidationMode: Warn'));
  if (isV2Version(version)) {
    if (fieldValidation === 'Warn') return warnRefused();
    const causes = strict ? validateV2Spec(input) : [];
    return causes.length > 0 ? refuse(invalid(DASHBOARDS.group, 'Dashboard', name, causes)) : accept(input);
  }
  const { uid: _uid, version: _version, id: _id, ...spec } = input;
  if (era.apis?.refuseV2LookingSpec && looksLikeV2Spec(spec)) return refuse(badRequest(LOOKS_LIKE_V2));
  if (version === 'v0alpha1') return fieldValidation === 'Warn' ? warnRefused() : accept(spec);
  const migrated = migrateSpecOnWrite(spec, era, orgId);
  if (!migrated.ok) {
    if (!strict) return accept(spec);
    const cause: StatusCause = { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(name)}: ${migrated.error}`, field: 'spec' };
    return refuse(invalid(DASHBOARDS.group, 'Dashboard', name, [cause]));
  }
  return fieldValidation === 'Warn' ? warnRefused() : accept(migrated.spec);
}

export interface AdmissionInput {
  spec: JsonObject;
  version: string;
  name: string;
  message: string;
  /** The folder to check: on create any non-empty one, on update only a changed one. */
  folderToCheck: string;
}

/**
 * The validating admission (register.go validateCreate/validateUpdate): ValidateBasicDashboardProperties and the
 * refresh rule as 400 BadRequest, a missing folder as 404 for folders.folder.grafana.app. The title check is `title == ""`
 * on the title as written (getDashboardProperties trims nothing): a title of only whitespace is stored, as era D's
 * `/api` stores it; only era A–C's dashboard service trims first.
 */
export function validateDashboardAdmission(state: SandboxState, orgId: number, minRefresh: string, input: AdmissionInput): Reply | undefined {
  const v2 = isV2Version(input.version);
  const title = typeof input.spec.title === 'string' ? input.spec.title : '';
  const settings = isObject(input.spec.timeSettings) ? input.spec.timeSettings : {};
  const refresh = v2 ? { refresh: settings.autoRefresh } : input.spec;
  let problem: string | undefined;
  if (title === '') problem = 'Dashboard title cannot be empty';
  else if (Buffer.byteLength(title) > 5000) problem = 'Dashboard title cannot contain more than 5 000 characters';
  else if (!/^[a-zA-Z0-9\-_]*$/.test(input.name)) problem = 'uid contains illegal characters';
  else if (input.name.length > 40) problem = 'uid too long, max 40 characters';
  else if (Buffer.byteLength(input.message) > 500) problem = 'message too long, max 500 characters';
  else problem = refreshProblem(refresh, minRefresh);
  if (problem) return badRequest(problem);
  if (input.folderToCheck !== '' && !orgFolders(state, orgId).has(input.folderToCheck)) return notFound(FOLDERS, input.folderToCheck);
  return undefined;
}
