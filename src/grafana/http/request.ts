import { setMaxListeners } from 'node:events';
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GrafanaAuth } from '../../config/types.js';
import { secretsOf } from '../../config/credential-secrets.js';
import { redactUrl } from '../../config/redact-url.js';
import { parseGrafanaUrl } from '../../config/parse-grafana-url.js';
import { urlSha256 } from '../../config/url-sha256.js';
import { IN_FLIGHT_GRACE_MS } from '../../abort-on-signals.js';
import { AnswerCutOffError, AuthError, ConfigError, GrafanaHttpError, PermissionError, RequestInterruptedError, UnreachableError } from '../../errors.js';
import { createDispatcher } from '../network/create-dispatcher.js';
import { describeNetworkFailure, proxyAuthRequired } from '../network/describe-network-failure.js';
import { NetworkError } from '../network/network-error.js';
import { describeProxyRoute } from '../network/resolve-proxy.js';
import { defaultUserAgent } from '../user-agent.js';
import { describeErrorBody, describeNonJsonSuccess } from './describe-error-body.js';
import { serializeBody } from './json-body.js';
import { decodeBody, redactedBodyStart } from './redacted-body-start.js';
import type { WriteTally } from '../port.js';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, decideRetry, parseRetryAfter, type RetryEvent, type RetryPolicy } from './retry-policy.js';
import { scopedTally, writeMayHaveLanded } from '../write-tally-scope.js';
import { NotWrittenError } from '../network/written-requests.js';
import { proxyResetAfterSend } from './proxy-reset-after-send.js';

/** How to reach Grafana: the options every implementation of the port shares (URL, auth, org, proxy, TLS, retries). */
export interface HttpClientOptions {
  /** Base URL, optionally with a sub-path (`https://example.com/grafana`); refused as the config refuses it (parseGrafanaUrl). */
  url: string;
  auth: GrafanaAuth;
  /** Sent as X-Grafana-Org-Id; undefined = the credentials' default org. */
  orgId?: number;
  /**
   * Where orgId came from (Settings.orgIdFrom), for the message that refuses an org the credentials cannot use; asked
   * when a refusal is worded, as a port several environments share names the one it serves then (createEnvironmentPorts).
   */
  orgIdFrom?: () => string | undefined;
  /**
   * The environment whose own credential variables are unset, so that it sent the generic ones (GrafanaAuth.fallbackFor),
   * for the hint of a 401; asked when the refusal is worded, as a port several environments share names the one it serves
   * then (createEnvironmentPorts). Absent: the auth's own.
   */
  credentialsFallbackFor?: () => string | undefined;
  /** Per request: connecting, waiting for headers, and each pause in the body. */
  timeoutMs: number;
  /** Keep-alive connections in the pool. */
  concurrency: number;
  /** PEM file added to the trusted CAs. */
  caCert?: string;
  /** The config file in use, as shown to the user (Settings.configFile), for the caCert hint of an untrusted certificate. */
  configFile?: string;
  /** Skip TLS verification (the CLI warns about it). */
  insecure?: boolean;
  retry?: Partial<RetryPolicy>;
  onRetry?: (event: RetryEvent) => void;
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Told once how requests reach Grafana (directly, or through which proxy), never with credentials. */
  onRoute?: (line: string) => void;
  /** Default `dashsync/<version>`. */
  userAgent?: string;
  /**
   * The run's Ctrl-C: once aborted, nothing new is sent, a read in flight or a retry's wait ends
   * at once, and a write in flight (with the reads that finish its action, see SendOptions.tally) gets
   * `graceMs` to be answered, so its outcome is known, before it is abandoned. Each ends in
   * RequestInterruptedError.
   */
  signal?: AbortSignal;
  /** How long a write in flight may still be answered after `signal` aborts; default IN_FLIGHT_GRACE_MS. */
  graceMs?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SendOptions {
  /** Replaces the default `Accept: application/json` (content negotiation on `/apis`). */
  accept?: string;
  /** Replaces the default `Content-Type: application/json` of a body (a merge patch on `/apis`). */
  contentType?: string;
  /**
   * The apply action this request belongs to: a write is counted into it as it is sent, and once
   * one has been, this request finishes that write's work (a save on /apis reads the object back):
   * after Ctrl-C it may still start, and runs until the grace ends.
   */
  tally?: WriteTally;
  /** Ends this read when aborted (RequestInterruptedError), like the run's Ctrl-C: a page asked for ahead that its caller no longer wants. */
  signal?: AbortSignal;
  /** A read's 500 whose Grafana message is a definite answer (a missing folder on `/apis`): thrown at once, not sent again. */
  definite500?: (grafanaMessage: string) => boolean;
  /**
   * Shown a successful answer's body as it comes, its bytes so far, until it returns true (SentAnswer.body.watch): for a
   * caller that acts on the first bytes while the rest arrives (the next list page's continue token). An attempt sent
   * again shows it its own first bytes again.
   */
  onBodyStart?: (start: Uint8Array) => boolean;
  /** Told the status of a successful answer (2xx) as it arrives: a write's caller names it where the answer proves false. */
  answered?: (status: number) => void;
}

export interface GrafanaRequester {
  /** The base URL without credentials or trailing slash, the run's secrets redacted: what may be printed or saved. */
  readonly baseUrl: string;
  /** urlSha256 of the base URL as sent: tells apart two that read the same once redacted. */
  readonly baseUrlSha256: string;
  /**
   * Sends one API request, retrying transport failures, 429 and 502–504 per the policy.
   * Resolves to the parsed JSON body (null for an empty one), or undefined when the status is
   * one of `absentStatuses` (a 404 on a read is data). Any other status ≥ 300 throws
   * GrafanaHttpError (AuthError for 401, PermissionError for 403, UnreachableError without an answer).
   */
  send(method: HttpMethod, path: string, body?: unknown, absentStatuses?: readonly number[], options?: SendOptions): Promise<unknown>;
  /**
   * A GET like `send`, resolved as soon as the answer has arrived, to its bytes and a function that
   * parses them (and throws what `send` would for a body that is not JSON): the connection takes its
   * next request before the parse, which happens when the caller gets to the answer (see readEach),
   * if it needs it at all.
   */
  receive(path: string, absentStatuses?: readonly number[], options?: Pick<SendOptions, 'accept' | 'signal' | 'onBodyStart'>): Promise<ReceivedBody | undefined>;
  close(): Promise<void>;
}

/** A successful answer as it arrived. */
export interface ReceivedBody {
  bytes: Uint8Array;
  parse(): unknown;
}

const NONE: readonly number[] = [];

export function createRequester(options: HttpClientOptions): GrafanaRequester {
  const base = parseBaseUrl(options.url);
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const dispatcher = createDispatcher({ ...options, origin: base.origin });
  const secrets = [...secretsOf(options.auth), ...dispatcher.secrets];
  options.onRoute?.(redactUrl(describeProxyRoute(dispatcher.route, base.origin), secrets));
  const readHeaders: Record<string, string> = {
    accept: 'application/json',
    'user-agent': options.userAgent ?? defaultUserAgent(),
    ...authHeader(options.auth),
    ...(options.orgId === undefined ? {} : { 'x-grafana-org-id': String(options.orgId) }),
  };
  const writeHeaders: Record<string, string> = { ...readHeaders, 'content-type': 'application/json' };

  const fail = (method: string, path: string, status: number, message: string, grafanaStatus: string | undefined, attempts: number) => {
    const text = redactUrl(message, secrets);
    if (status === 401) {
      const wrongOrg = options.orgId !== undefined && ORG_MISMATCH.test(text) ? { wrongOrg: { orgId: options.orgId, from: options.orgIdFrom?.() ?? '--org-id / GRAFANA_ORG_ID' } } : {};
      return Object.assign(new AuthError(method, path, status, text, grafanaStatus, attempts), { credentialsFrom: credentialsFrom(options.auth), credentialsFallbackFor: options.auth.kind === 'none' ? undefined : options.credentialsFallbackFor ? options.credentialsFallbackFor() : options.auth.fallbackFor, anonymous: options.auth.kind === 'none', anonymousEnvironment: options.auth.kind === 'none' ? options.auth.environment : undefined, ...wrongOrg });
    }
    if (status === 403) return new PermissionError(method, path, status, text, grafanaStatus, attempts);
    return new GrafanaHttpError(method, path, status, text, grafanaStatus, attempts);
  };
  // `connectFailed`: the last send found no connection to Grafana (UnreachableError.connectFailed).
  const unreachable = (method: string, path: string, message: string, attempts: number, selfExplained: boolean, cutOff = false, connectFailed = false) =>
    Object.assign(new UnreachableError(method, path, redactUrl(message, secrets), attempts, selfExplained, cutOff), { connectFailed });
  const refused = (method: string, path: string, line: string, attempts: number, connectFailed = false, atProxy?: string) =>
    Object.assign(new NetworkError(method, path, redactUrl(line, secrets), attempts), { connectFailed, atProxy });
  const failureContext = { route: dispatcher.route, origin: base.origin, timeoutMs: options.timeoutMs, configFile: options.configFile };
  const cutOffs = options.signal && cutOffsFrom(options.signal, options.graceMs ?? IN_FLIGHT_GRACE_MS);
  let requestsStarted = 0;

  async function send(method: HttpMethod, path: string, body?: unknown, absentStatuses = NONE, options: SendOptions = {}): Promise<unknown> {
    const received = await exchange(method, path, body, absentStatuses, options);
    return received === undefined ? undefined : received.parse();
  }

  /** One request with its retries; resolves once the answer's body has arrived, to it and the parse of it. */
  async function exchange(method: HttpMethod, path: string, body: unknown, absentStatuses: readonly number[], { accept, contentType, tally: given, signal, definite500, onBodyStart, answered }: SendOptions): Promise<ReceivedBody | undefined> {
    const tally = given ?? scopedTally();
    const payload = body === undefined ? undefined : serializeBody(body);
    const common = payload === undefined ? readHeaders : writeHeaders;
    const headers = accept === undefined && contentType === undefined ? common : { ...common, ...(accept ? { accept } : {}), ...(contentType && payload !== undefined ? { 'content-type': contentType } : {}) };
    const fullPath = base.pathPrefix + path;
    const started = Date.now();
    const request = ++requestsStarted;
    const interrupt = either(cutOffs?.now, signal);
    // A request of an apply action whose write already went out finishes that write's work (not one Grafana refused: it wrote nothing).
    const followUp = tally !== undefined && writeMayHaveLanded(tally);
    const cutOff = method !== 'GET' || followUp ? either(cutOffs?.afterGrace, signal) : interrupt;
    let earlierSendMayHaveLanded = false;
    // The sends that left: an attempt is counted once undici writes it (onWritten); one that found no connection, or that
    // Ctrl-C ended while it waited for one, sent nothing.
    let sends = 0;
    // Ctrl-C's error: whether a send may have landed is whether an earlier one may have, or the one it cut off left and
    // no answer refused it (a 4xx, or a 503 by its body: it wrote nothing). Every send refused, the write did not land.
    const interrupted = (cutSendMayHaveLanded = false) => new RequestInterruptedError(method, path, sends, earlierSendMayHaveLanded || cutSendMayHaveLanded);
    try {
      return await attempts();
    } catch (error) {
      if (error instanceof GrafanaHttpError) error.earlierSendMayHaveLanded = earlierSendMayHaveLanded;
      throw error;
    }

    async function attempts(): Promise<ReceivedBody | undefined> {
      for (let attempt = 1; ; attempt++) {
        const mayStart = attempt === 1 ? followUp || !interrupt?.aborted : !interrupt?.aborted;
        if (!mayStart || cutOff?.aborted) throw interrupted();
        let failure: { status: number; message: string; grafanaStatus?: string; retryAfterMs?: number; standalone?: boolean; cutOff?: boolean; connectFailed?: boolean; resetAfterSend?: boolean; atProxy?: string };
        let written = false;
        let refusedByStatus = false;
        // A write whose answer's head said 2xx was processed: its body cut off after that is never a reason to send it again.
        let processed = false;
        const onWritten = () => {
          written = true;
          sends += 1;
          if (method !== 'GET' && tally) tally.sent += 1;
        };
        try {
          // Ctrl-C ends a write not yet written at once, as it ends a read: the grace is for a write that left.
          const response = await dispatcher.send({ method, path: fullPath, headers, body: payload, signal: cutOff }, onWritten, followUp ? undefined : interrupt);
          const status = response.statusCode;
          // A send of a write that Grafana (or the proxy) answered without processing it wrote nothing: counted as refused (a 503 by its body, below).
          refusedByStatus = isRefusalStatus(status) && !absentStatuses.includes(status);
          if (method !== 'GET' && tally && refusedByStatus) tally.refused = (tally.refused ?? 0) + 1;
          if (status === 407 && dispatcher.route.kind === 'proxy') {
            await response.body.dump();
            // The proxy wanted credentials and passed nothing on.
            throw refused(method, path, proxyAuthRequired(dispatcher.route.proxy), attempt, true);
          }
          if (absentStatuses.includes(status)) {
            await response.body.dump();
            return undefined;
          }
          processed = method !== 'GET' && status < 300;
          if (onBodyStart !== undefined && status < 300) response.body.watch(onBodyStart);
          const bytes = await response.body.bytes();
          if (status < 300) {
            answered?.(status);
            const parse = () => {
              const text = decodeBody(bytes);
              return parseSuccessBody(text, () => fail(method, path, status, describeNonJsonSuccess(redactedBodyStart(bytes, secrets).text), undefined, attempt));
            };
            return { bytes, parse };
          }
          // Redacted before it is described: a description cuts a long body, and a secret cut in two would pass the redaction.
          const start = redactedBodyStart(bytes, secrets);
          const described = describeErrorBody(start.text, start.cut);
          // Grafana's or a load balancer's "not now", sent before handling it; unless a proxy says it lost Grafana's connection after passing it on.
          const resetAfterSend = status === 503 && proxyResetAfterSend(start.text);
          if (method !== 'GET' && tally && status === 503 && !resetAfterSend) tally.refused = (tally.refused ?? 0) + 1;
          // A read is safe to send again: one 500 (a passing database error) does not end the run.
          const retryable = isRetryableStatus(status) || (method === 'GET' && status === 500 && attempt === 1 && definite500?.(described.message) !== true);
          if (!retryable) throw fail(method, path, status, described.message, described.status, attempt);
          const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after'], Date.now()) : undefined;
          failure = { status, message: described.message, grafanaStatus: described.status, retryAfterMs, resetAfterSend };
        } catch (error) {
          if (error instanceof GrafanaHttpError) throw error;
          // Never written: no connection was made for it (refused, DNS, TLS, the connect timeout, a proxy's tunnel), or
          // Ctrl-C ended it while it waited for one (NotWrittenError). Not a byte of this send left.
          const unsent = !written;
          // Ctrl-C (past the grace) cut off the body of a write's 2xx answer: Grafana did it, whatever the body said.
          if (processed && cutOff?.aborted) throw new AnswerCutOffError(method, path, 'interrupted while its answer came', attempt);
          if (cutOff?.aborted || error instanceof NotWrittenError) throw interrupted(written && !refusedByStatus);
          const transport = describeNetworkFailure(error, failureContext);
          if (processed) {
            earlierSendMayHaveLanded = true;
            throw Object.assign(new AnswerCutOffError(method, path, redactUrl(transport.description, secrets), attempt), { atProxy: transport.atProxy });
          }
          if (!transport.retryable) {
            throw transport.standalone
              ? refused(method, path, transport.description, attempt, unsent, transport.atProxy)
              : unreachable(method, path, transport.description, attempt, transport.selfExplained ?? false, false, unsent);
          }
          failure = { status: 0, message: transport.description, standalone: transport.standalone, cutOff: transport.cutOff, connectFailed: unsent, atProxy: transport.atProxy };
        }
        const elapsedMs = Date.now() - started;
        const next = decideRetry(retry, attempt, elapsedMs, failure.retryAfterMs);
        if (next.kind === 'stop') {
          const { beyondBudget } = next;
          const gaveUp = attempt > 1 ? ` (gave up after ${attempt} attempts)` : '';
          const message = beyondBudget ? `${failure.message}; ${beyondBudget}: run again later${gaveUp}` : `${failure.message}${gaveUp}`;
          if (failure.standalone) throw refused(method, path, message, attempt, failure.connectFailed, failure.atProxy);
          if (failure.status === 0) throw unreachable(method, path, message, attempt, false, failure.cutOff, failure.connectFailed);
          throw fail(method, path, failure.status, message, failure.grafanaStatus, attempt);
        }
        const lastMayHaveLanded = (mayHaveBeenProcessed(failure.status) || failure.resetAfterSend === true) && !failure.connectFailed;
        if (lastMayHaveLanded) earlierSendMayHaveLanded = true;
        const reason = failure.status === 0 ? redactUrl(failure.message, secrets) : `HTTP ${failure.status}`;
        options.onRetry?.({ request, method, path, attempt, reason, delayMs: next.delayMs, ...(tally?.about && { about: tally.about }) });
        try {
          await sleep(next.delayMs, undefined, { signal: interrupt });
        } catch {
          // Nothing was out: Ctrl-C came while it waited to be sent again, after what the last send met.
          const after = failure.status === 0 ? redactUrl(failure.message, secrets) : `HTTP ${failure.status} ${STATUS_CODES[failure.status] ?? ''}`.trimEnd();
          throw new RequestInterruptedError(method, path, sends, earlierSendMayHaveLanded, { after, lastMayHaveLanded });
        }
      }
    }
  }

  const receive = (path: string, absentStatuses = NONE, options: Pick<SendOptions, 'accept' | 'signal' | 'onBodyStart'> = {}) => exchange('GET', path, undefined, absentStatuses, options);
  // After Ctrl-C every request was answered or abandoned (the grace): a connection still being made is not waited for.
  const close = () => (options.signal?.aborted ? dispatcher.destroy() : dispatcher.close());
  return { baseUrl: redactUrl(base.display, secrets), baseUrlSha256: urlSha256(base.display), send, receive, close };
}

/**
 * Whether a send that failed this way may still have been processed: no answer came (0), or a gateway answered
 * for Grafana (502, 504). Grafana's 429 and 503 refuse a request before handling it (a proxy's 503 that says it lost
 * the connection after passing the request on: proxyResetAfterSend).
 */
function mayHaveBeenProcessed(status: number): boolean {
  return status === 0 || status === 502 || status === 504;
}

/** A 4xx answer (401, 403, 407 and 429 included): Grafana (or the proxy) refused the request before it changed anything. */
function isRefusalStatus(status: number): boolean {
  return status >= 400 && status < 500;
}

/** Aborted when either is (undefined when neither is given). */
function either(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a === undefined || b === undefined ? (a ?? b) : AbortSignal.any([a, b]);
}

/**
 * The requester's own signals from the run's: `now` aborts with it, `afterGrace` graceMs later.
 * Every request in flight listens to one of them (more than Node's default of 10 listeners
 * under --concurrency), so they take any number; the run's signal gets one listener.
 */
function cutOffsFrom(interrupt: AbortSignal, graceMs: number): { now: AbortSignal; afterGrace: AbortSignal } {
  const now = new AbortController();
  const afterGrace = new AbortController();
  setMaxListeners(0, now.signal, afterGrace.signal);
  const start = () => {
    now.abort(interrupt.reason);
    setTimeout(() => afterGrace.abort(interrupt.reason), graceMs).unref();
  };
  if (interrupt.aborted) start();
  else interrupt.addEventListener('abort', start, { once: true });
  return { now: now.signal, afterGrace: afterGrace.signal };
}

function parseSuccessBody(text: string, notJson: () => GrafanaHttpError): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw notJson();
  }
}

/** The base URL split for requests, refused on the config's rule (parseGrafanaUrl): a URL that reached here unchecked gets the same one line. */
function parseBaseUrl(raw: string): { origin: string; pathPrefix: string; display: string } {
  const parsed = parseGrafanaUrl(raw, 'The Grafana URL');
  if ('problem' in parsed) throw new ConfigError([parsed.problem]);
  const url = new URL(parsed.url);
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, pathPrefix, display: url.origin + pathPrefix };
}

function authHeader(auth: GrafanaAuth): Record<string, string> {
  if (auth.kind === 'token') return { authorization: `Bearer ${auth.token}` };
  if (auth.kind === 'basic') {
    return { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` };
  }
  return {};
}

/** Grafana's 401 for a token sent with another org's id (pkg/services/contexthandler/authn: api-key.organization-mismatch). */
const ORG_MISMATCH = /API key does not belong to the requested organization/;

function credentialsFrom(auth: GrafanaAuth): string | undefined {
  return auth.kind === 'none' ? undefined : auth.from;
}
