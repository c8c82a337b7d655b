import type { Reply } from '../http/reply.js';

/**
 * Kubernetes `Status` failures as k8s.io/apimachinery/pkg/api/errors builds them and the apiserver writes them
 * (ErrorToAPIStatus: kind "Status", apiVersion "v1", metadata {}; metav1.Status field order, omitempty fields dropped).
 */
export interface GroupResource {
  group: string;
  /** Plural resource name, e.g. `dashboards`. */
  resource: string;
}

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

interface StatusBody {
  message: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code: number;
}

export function statusReply(body: StatusBody): Reply {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: body.message,
    ...(body.reason ? { reason: body.reason } : {}),
    ...(body.details ? { details: body.details } : {}),
    code: body.code,
  };
  return { status: body.code, body: JSON.stringify(status) };
}

/** `dashboards.dashboard.grafana.app` (schema.GroupResource.String()). */
export function qualified(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

function details(gr: GroupResource, name: string) {
  return { ...(name ? { name } : {}), ...(gr.group ? { group: gr.group } : {}), kind: gr.resource };
}

export const notFound = (gr: GroupResource, name: string): Reply =>
  statusReply({ message: `${qualified(gr)} "${name}" not found`, reason: 'NotFound', details: details(gr, name), code: 404 });

export const alreadyExists = (gr: GroupResource, name: string): Reply =>
  statusReply({ message: `${qualified(gr)} "${name}" already exists`, reason: 'AlreadyExists', details: details(gr, name), code: 409 });

/** apiserver registry OptimisticLockErrorMsg. */
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export const conflict = (gr: GroupResource, name: string, cause: string): Reply =>
  statusReply({
    message: `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${cause}`,
    reason: 'Conflict',
    details: details(gr, name),
    code: 409,
  });

export const badRequest = (message: string): Reply => statusReply({ message, reason: 'BadRequest', code: 400 });

/** NewForbidden(gr, name, err): `<gr> "<name>" is forbidden: <err>`, or without the name for collection requests. */
export const forbidden = (gr: GroupResource, name: string, cause: string): Reply =>
  statusReply({
    message: `${qualified(gr)}${name ? ` "${name}"` : ''} is forbidden: ${cause}`,
    reason: 'Forbidden',
    details: details(gr, name),
    code: 403,
  });

/** A StatusError Grafana builds by hand (managed.go): code, reason and message, no details. */
export const plainForbidden = (message: string): Reply => statusReply({ message, reason: 'Forbidden', code: 403 });

/**
 * The resource server's refusal (`pkg/storage/unified/resource/server.go`: an ErrorResult of code 403, a message only for
 * a move): `GetError` makes it a Status without reason, and `message` is left out when empty (omitempty).
 */
export function storageForbidden(message?: string): Reply {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...(message ? { message } : {}), code: 403 };
  return { status: 403, body: JSON.stringify(status) };
}

/** NewInvalid(groupKind, name, errs): one cause per field error; the message joins them like utilerrors.NewAggregate. */
export function invalid(group: string, kind: string, name: string, causes: StatusCause[]): Reply {
  const texts = causes.map((cause) => `${cause.field}: ${cause.message}`);
  const joined = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return statusReply({
    message: `${kind}.${group} "${name}" is invalid: ${joined}`,
    reason: 'Invalid',
    details: { ...(name ? { name } : {}), group, kind, causes },
    code: 422,
  });
}

const ERRUTIL_REASONS: Record<number, string> = { 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict' };

/** errutil `Error.Status()`: the public message, the CoreStatus as reason, the message id as details.uid. */
export const errutilStatus = (code: 400 | 403 | 404 | 409, messageId: string, message: string): Reply =>
  statusReply({ message, reason: ERRUTIL_REASONS[code], details: { uid: messageId }, code });

/**
 * An error that is not a metav1.Status reaches the client with code 500 and `metav1.StatusReasonUnknown` (ErrorToAPIStatus),
 * whose value is the empty string: the Status has no `reason` (omitempty).
 */
export const unknownError = (message: string): Reply => statusReply({ message, code: 500 });

export const methodNotSupported = (gr: GroupResource, action: string): Reply =>
  statusReply({
    message: `${action} is not supported on resources of kind "${qualified(gr)}"`,
    reason: 'MethodNotAllowed',
    details: { ...(gr.group ? { group: gr.group } : {}), kind: gr.resource },
    code: 405,
  });

export const unsupportedMediaType = (accepted: string[]): Reply =>
  statusReply({
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    reason: 'UnsupportedMediaType',
    code: 415,
  });

/** 404 for a path the apiserver does not serve (its NotFound handler: reason NotFound, no details). */
export const pathNotFound = (): Reply =>
  statusReply({ message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
