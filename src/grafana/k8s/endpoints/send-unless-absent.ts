import { GrafanaHttpError } from '../../../errors.js';
import type { GrafanaRequester, HttpMethod, SendOptions } from '../../http/request.js';

const NOT_FOUND = [404] as const;

/**
 * `send`, resolved to undefined where Grafana says the named object is not there: a 404, or — for credentials without
 * an org Admin's wildcard (`folders:*`, `dashboards:*`) — the 500 of the API's authorizer, whose scope resolver looks
 * the object up and fails on one that does not exist (k8s `WithAuthorization` answers an authorizer error with
 * `responsewriters.InternalError`; the message is Resolvers' `could not resolve <scope>: …`). `unresolvable` tells
 * that message from any other 500; such a 500 is an answer, not a passing failure, so it is not sent again.
 */
export async function sendUnlessAbsent(
  http: GrafanaRequester,
  method: HttpMethod,
  path: string,
  body: unknown,
  options: SendOptions,
  unresolvable: (grafanaMessage: string) => boolean,
): Promise<unknown> {
  try {
    return await http.send(method, path, body, NOT_FOUND, { ...options, definite500: unresolvable });
  } catch (error) {
    if (error instanceof GrafanaHttpError && error.status === 500 && unresolvable(error.grafanaMessage)) return undefined;
    throw error;
  }
}

/** The authorizer's message for a `scope` (`folders:uid:<name>`, `dashboards:uid:<name>`) its resolver could not find. */
export function unresolvableScope(scope: string, notFound: string): (grafanaMessage: string) => boolean {
  return (grafanaMessage) => grafanaMessage.startsWith(`could not resolve ${scope}: `) && grafanaMessage.endsWith(notFound);
}
