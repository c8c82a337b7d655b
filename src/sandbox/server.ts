import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApis } from './apis/apis-router.js';
import { statusReply } from './apis/k8s-status.js';
import { k8sWireText } from './apis/k8s-wire-text.js';
import { authenticate, type Credentials } from './authenticate.js';
import type { EraRules, FeatureSet } from './era.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import { renderEchoBody } from './echo-body.js';
import { findFloatOverflow } from './float-overflow.js';
import { escapeGoHtml } from './go-json-text.js';
import type { HeldRequests } from './held-requests.js';
import { createInjectedDelay } from './injected-delay.js';
import { errorReply, notFoundRoute, type Reply } from './http/reply.js';
import type { RouteMatch, RouteSettings } from './http/route-table.js';
import { holdsSomewhere } from './folder-permissions.js';
import { authorize } from './permissions.js';
import type { RequestLog } from './request-log.js';
import { orgFolders, type SandboxState } from './state.js';

export interface ServerParts {
  state: SandboxState;
  era: EraRules;
  features: FeatureSet;
  credentials: Credentials;
  settings: RouteSettings;
  faults: FaultInjector;
  log: RequestLog;
  /** Requests the `hold` fault keeps waiting until released or gone. */
  held: HeldRequests;
  match(method: string, path: string): RouteMatch | undefined;
  /** /__sandbox/* control endpoints: never logged, never faulted, no auth. */
  control(method: string, path: string, bodyText: string): Reply | undefined;
  changed(): void;
  /** Aborted on close, so injected delays never keep the process alive. */
  signal: AbortSignal;
  /** Stops accepting connections (every later one is refused) and closes the idle ones: a `thenDown` fault. */
  stopListening(): void;
}

/** One request: read the body, apply faults, authenticate, run the handler synchronously, answer. */
export function createRequestHandler(parts: ServerParts) {
  const delay = createInjectedDelay(parts.signal);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';
    const url = new URL(rawUrl, 'http://sandbox');
    const bodyText = await readBody(request);
    if (url.pathname.startsWith('/__sandbox/')) {
      send(response, parts.control(method, url.pathname, bodyText) ?? errorReply(404, 'Not found'));
      return;
    }
    const decision = parts.faults.decide({ method, path: url.pathname, target: rawUrl, body: bodyText });
    for (const name of decision.dropQueryParams ?? []) url.searchParams.delete(name);
    if (decision.delayMs > 0) {
      try {
        await delay(decision.delayMs);
      } catch {
        response.destroy();
        return;
      }
    }
    // A held request is logged as it arrives (status 0); released, it is handled as any other and its entry gets the answer's status.
    const heldEntry =
      decision.outcome.kind === 'hold'
        ? parts.log.add({ method, path: rawUrl, status: 0, orgId: 0, at: new Date().toISOString(), fault: 'hold' }, bodyText === '' ? undefined : bodyText)
        : undefined;
    if (heldEntry && (await parts.held.wait(response, parts.signal)) === 'gone') return;
    const answeredAfterHandling = decision.outcome.kind === 'status' && decision.outcome.afterHandling === true;
    // Handled first (its effect stays), then answered with the fault's status in place of the handler's answer.
    const handled = answeredAfterHandling ? dispatch(parts, request, url, bodyText) : undefined;
    const { reply, orgId } =
      decision.outcome.kind === 'status' || decision.outcome.kind === 'login-page' || decision.outcome.kind === 'echo'
        ? { reply: faultReply(decision, isApisPath(url.pathname), request), orgId: handled?.orgId ?? 0 }
        : goEscaped(dispatch(parts, request, url, bodyText), url.pathname);
    const logged = url.pathname.startsWith('/api/') || isApisPath(url.pathname);
    if (heldEntry) {
      heldEntry.status = reply.status;
      heldEntry.orgId = orgId;
    } else if (logged) {
      const accept = request.headers.accept;
      const entry = {
        method,
        path: rawUrl,
        status: reply.status,
        orgId,
        at: new Date().toISOString(),
        // Only an Accept that asks for a conversion (metadata only, …): the rest is noise in the log.
        ...(accept?.includes('as=') ? { accept } : {}),
        ...(decision.label ? { fault: decision.label } : {}),
      };
      parts.log.add(entry, bodyText === '' ? undefined : bodyText);
    }
    if (decision.outcome.kind === 'drop') dropAfterPart(response, reply, method);
    else if (decision.outcome.kind === 'cut-answer') {
      // Down before the half answer leaves (`thenDown`): what the client sends next finds no connection.
      if (decision.outcome.thenDown) parts.stopListening();
      sendHalfThenClose(response, reply);
    } else if (decision.outcome.kind === 'status' && decision.outcome.thenDown) {
      // Down before the answer leaves: the client learns of it on this connection, closed after the answer, and finds no other.
      parts.stopListening();
      send(response, { ...reply, headers: { ...reply.headers, connection: 'close' } });
    } else send(response, reply);
  };
}

function dispatch(parts: ServerParts, request: IncomingMessage, url: URL, bodyText: string): { reply: Reply; orgId: number } {
  const method = request.method ?? 'GET';
  if (url.pathname === '/healthz') return { reply: { status: 200, body: 'Ok', contentType: 'text/plain; charset=utf-8' }, orgId: 0 };
  if (isApisPath(url.pathname) && parts.era.apis) return dispatchApis(parts, request, url, bodyText);
  const match = parts.match(method, url.pathname);
  if (!match) {
    // pkg/api/index.go NotFoundHandler: IsApiRequest is a "/api" prefix, so `/apis` on 11.x (no apiserver) answers JSON too.
    if (url.pathname.startsWith('/api/') || isApisPath(url.pathname)) return { reply: notFoundRoute, orgId: 0 };
    return { reply: { status: 404, body: 'Not found', contentType: 'text/plain; charset=utf-8' }, orgId: 0 };
  }
  const { route, params } = match;
  const { body, invalidJson, floatOverflow } = parseBody(bodyText);
  if (route.public) {
    return { reply: route.handle({ ...baseContext(parts), identity: anonymous, params, query: url.searchParams, body, invalidJson, headers: request.headers }), orgId: 0 };
  }
  const identity = authenticate(parts.state, parts.credentials, request.headers, url.searchParams);
  if ('status' in identity) return { reply: identity, orgId: 0 };
  const writesSomeFolder = () => holdsSomewhere(orgFolders(parts.state, identity.orgId), identity, 'write');
  const denied = route.requirement ? authorize(identity, route.requirement, writesSomeFolder) : undefined;
  if (denied) return { reply: denied, orgId: identity.orgId };
  const reply = route.handle({ ...baseContext(parts), identity, params, query: url.searchParams, body, invalidJson, bodyText, floatOverflow, headers: request.headers });
  return { reply, orgId: identity.orgId };
}

/**
 * Grafana writes every `/api` JSON answer with json.Marshal or a json.Encoder (`response.JSON`,
 * pkg/api/response/response.go; the web context's JSON, pkg/web/context.go), which escape `<>&` and
 * U+2028/U+2029 inside strings. `/apis` answers are written by the k8s serializer (apis/k8s-wire-text.ts).
 * The hot answers come escaped (`reply.escaped`: escaped part by part, escaped-texts.ts).
 */
function goEscaped(dispatched: { reply: Reply; orgId: number }, pathname: string): { reply: Reply; orgId: number } {
  const { reply } = dispatched;
  if (reply.escaped || !pathname.startsWith('/api/') || (reply.contentType !== undefined && !reply.contentType.includes('json'))) return dispatched;
  const body = escapeGoHtml(reply.body);
  return body === reply.body ? dispatched : { ...dispatched, reply: { ...reply, body } };
}

export function isApisPath(pathname: string): boolean {
  return pathname === '/apis' || pathname.startsWith('/apis/');
}

/** /apis: Grafana's sign-in middleware first (its 401 bodies), then the Kubernetes-style API server. */
function dispatchApis(parts: ServerParts, request: IncomingMessage, url: URL, bodyText: string): { reply: Reply; orgId: number } {
  const identity = authenticate(parts.state, parts.credentials, request.headers, url.searchParams);
  if ('status' in identity) return { reply: identity, orgId: 0 };
  const { body, invalidJson, floatOverflow } = parseBody(bodyText);
  const context = { ...baseContext(parts), identity, params: {}, query: url.searchParams, body, invalidJson, floatOverflow, headers: request.headers };
  const contentType = (request.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const segments = url.pathname.split('/').filter((part) => part !== '').slice(1).map(safeDecode);
  const handled = handleApis(context, parts.era.apis!, { method: request.method ?? 'GET', segments, bodyText, contentType, requestUri: request.url ?? url.pathname });
  return { ...handled, reply: k8sWireText(handled.reply) };
}

function parseBody(bodyText: string): { body: unknown; invalidJson: boolean; floatOverflow?: string } {
  if (bodyText.trim() === '') return { body: undefined, invalidJson: false };
  try {
    return { body: JSON.parse(bodyText) as unknown, invalidJson: false, floatOverflow: findFloatOverflow(bodyText) };
  } catch {
    return { body: undefined, invalidJson: true };
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function baseContext(parts: ServerParts) {
  return {
    state: parts.state,
    era: parts.era,
    features: parts.features,
    settings: parts.settings,
    searchMisses: parts.faults.searchMisses(),
    changed: parts.changed,
  };
}

const anonymous = {
  kind: 'user' as const,
  id: 0,
  uid: '',
  login: 'Anonymous',
  name: '',
  email: '',
  orgId: 0,
  role: 'Viewer' as const,
  isGrafanaAdmin: false,
};

const statusMessages: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Reasons the apiserver gives these codes (metav1.StatusReason). */
const statusReasons: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };

/** An injected failure, in the error shape of the API it hits (a Grafana `{message}` or a k8s Status under /apis). */
const LOGIN_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method="post" action="/oauth2/start">Sign in to continue</form></body></html>\n';

function faultReply(decision: FaultDecision, apis: boolean, request: IncomingMessage): Reply {
  if (decision.outcome.kind === 'login-page') return { status: 200, contentType: 'text/html; charset=utf-8', body: LOGIN_PAGE };
  if (decision.outcome.kind === 'echo') return { status: decision.outcome.status, ...renderEchoBody(request, decision.outcome.form) };
  if (decision.outcome.kind !== 'status') return notFoundRoute;
  const { status, retryAfterSeconds, retryAfterDate, body } = decision.outcome;
  const message = decision.outcome.message ?? statusMessages[status] ?? 'Injected fault';
  const reply: Reply =
    body !== undefined ? { status, body: JSON.stringify(body) } : apis ? k8sWireText(statusReply({ message, reason: statusReasons[status], code: status })) : errorReply(status, message);
  if (retryAfterDate !== undefined) reply.headers = { 'retry-after': retryAfterDate };
  else if ((status === 429 && !decision.outcome.noRetryAfter) || retryAfterSeconds !== undefined) {
    reply.headers = { 'retry-after': String(retryAfterSeconds ?? 1) };
  }
  return reply;
}

function send(response: ServerResponse, reply: Reply): void {
  const body = reply.bytes ?? reply.body;
  response.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json',
    'content-length': Buffer.byteLength(body),
    ...reply.headers,
  });
  response.end(body);
}

/**
 * The request was processed; its answer is lost. A read's answer: headers and the first half of the body go out, then the
 * socket is destroyed. A write's: the socket is destroyed before a byte of it (an answer whose head came says the write was
 * processed, and a client does not send it again: review-65b L5; a connection lost before the answer leaves that unknown).
 */
function dropAfterPart(response: ServerResponse, reply: Reply, method: string | undefined): void {
  if (method !== 'GET' && method !== 'HEAD') {
    response.socket?.destroy();
    return;
  }
  sendHalfThenClose(response, reply);
}

/** The answer's head and the first half of its body, then the connection closed: an answer cut off mid-body. */
function sendHalfThenClose(response: ServerResponse, reply: Reply): void {
  const full = reply.bytes ?? Buffer.from(reply.body);
  response.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json',
    'content-length': full.length,
  });
  response.write(full.subarray(0, Math.floor(full.length / 2)), () => response.socket?.destroy());
}

async function readBody(request: IncomingMessage): Promise<string> {
  const { headers } = request;
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
