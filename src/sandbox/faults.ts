import { createHash } from 'node:crypto';
import type { EchoForm, FaultConfig, RequestLogEntry } from './types.js';

export type FaultLabel = NonNullable<RequestLogEntry['fault']>;

/** What to do to one request: wait first, then answer normally, answer with a status or a sign-in page, drop, or never answer (hold). */
export interface FaultDecision {
  delayMs: number;
  outcome: { kind: 'none' } | { kind: 'status'; status: number; retryAfterSeconds?: number; retryAfterDate?: string; message?: string; noRetryAfter?: true; thenDown?: true; afterHandling?: true; body?: Record<string, unknown> } | { kind: 'drop' } | { kind: 'cut-answer'; thenDown?: true } | { kind: 'hold' } | { kind: 'login-page' } | { kind: 'echo'; status: number; form: EchoForm };
  label?: FaultLabel;
  /** Query parameters to remove before the request is handled (FaultConfig.dropQueryParams). */
  dropQueryParams?: readonly string[];
}

const noFault: FaultDecision = { delayMs: 0, outcome: { kind: 'none' } };

/** The request a fault is decided for: method and path choose whether the config applies; the draw is the request's own. */
export interface FaultRequest {
  method: string;
  /** The path without the query (what `pathPrefix` is matched against). */
  path: string;
  /** The path with its query, as the client sent it. */
  target: string;
  body: string;
}

/**
 * Seeded fault injection (FaultConfig); scripted faults are consumed before the random rates apply.
 * A rate's draw belongs to the request, not to its place in the order of arrival: it is a
 * function of the seed, the method, the target, the body and how many identical requests came
 * before (a retry is the next of them). With a seed, each request meets the same faults however
 * concurrent requests interleave, so a run's outcome never depends on timing.
 */
export class FaultInjector {
  private config: FaultConfig | undefined;
  private script: NonNullable<FaultConfig['script']> = [];
  private seed = 0;
  /** How many times each request (by its hash) was decided since the config was set. */
  private seen = new Map<string, number>();
  private misses: ReadonlySet<string> = new Set();

  constructor(config?: FaultConfig) {
    this.set(config);
  }

  set(config: FaultConfig | undefined): void {
    this.config = config;
    this.script = [...(config?.script ?? [])];
    this.seed = config?.seed ?? Date.now();
    this.seen = new Map();
    this.misses = new Set(config?.searchMisses ?? []);
  }

  /** The uids a lagging search index does not show yet (FaultConfig.searchMisses). */
  searchMisses(): ReadonlySet<string> {
    return this.misses;
  }

  decide({ method, path, target, body }: FaultRequest): FaultDecision {
    const config = this.config;
    if (!config) return noFault;
    if (config.pathPrefix !== undefined ? !path.startsWith(config.pathPrefix) : !isGrafanaApiPath(path)) return noFault;
    if (config.methods && !config.methods.map((m) => m.toUpperCase()).includes(method)) return noFault;
    const latency = config.latencyMs ?? 0;
    const base: FaultDecision = {
      delayMs: latency,
      outcome: { kind: 'none' },
      ...(latency > 0 ? { label: 'latency' } : {}),
      ...(config.dropQueryParams?.length ? { dropQueryParams: config.dropQueryParams } : {}),
    };
    const scripted = this.script.shift();
    if (scripted) {
      if (scripted.kind === 'delay') return { ...base, delayMs: latency + scripted.ms, label: 'delay' };
      if (scripted.kind === 'drop') return { ...base, outcome: { kind: 'drop' }, label: 'drop' };
      if (scripted.kind === 'cut-answer') return { ...base, outcome: { kind: 'cut-answer', ...(scripted.thenDown && { thenDown: true as const }) }, label: 'cut-answer' };
      if (scripted.kind === 'hold') return { ...base, outcome: { kind: 'hold' }, label: 'hold' };
      if (scripted.kind === 'login-page') return { ...base, outcome: { kind: 'login-page' }, label: 'login-page' };
      if (scripted.kind === 'echo') return { ...base, outcome: { kind: 'echo', status: scripted.status, form: scripted.form ?? 'json' }, label: 'echo' };
      if (scripted.kind === 'queue-full') return { ...base, outcome: { kind: 'status', status: 429, message: 'tenant queue is full, please try again later', noRetryAfter: true }, label: 'status' };
      const outcome = {
        kind: 'status' as const,
        status: scripted.status,
        retryAfterSeconds: scripted.retryAfterSeconds,
        message: scripted.message,
        ...(scripted.retryAfterDate !== undefined && { retryAfterDate: scripted.retryAfterDate }),
        ...(scripted.thenDown && { thenDown: true as const }),
        ...(scripted.afterHandling && { afterHandling: true as const }),
        ...(scripted.body !== undefined && { body: scripted.body }),
      };
      return { ...base, outcome, label: 'status' };
    }
    if (!config.errorRate && !config.rateLimitRate && !config.dropRate) return base;
    const random = this.drawsFor(method, target, body);
    if (config.errorRate && random() < config.errorRate) {
      return { ...base, outcome: { kind: 'status', status: config.errorStatus ?? 503 }, label: 'error' };
    }
    if (config.rateLimitRate && random() < config.rateLimitRate) {
      const outcome = { kind: 'status' as const, status: 429, retryAfterSeconds: config.retryAfterSeconds ?? 1 };
      return { ...base, outcome, label: 'ratelimit' };
    }
    if (config.dropRate && random() < config.dropRate) {
      return { ...base, outcome: { kind: 'drop' }, label: 'drop' };
    }
    return base;
  }

  /** The PRNG of this request's n-th sending: seeded from the config's seed, the request and n. */
  private drawsFor(method: string, target: string, body: string): () => number {
    const request = createHash('sha256').update(`${method} ${target}\n`).update(body).digest('hex');
    const nth = this.seen.get(request) ?? 0;
    this.seen.set(request, nth + 1);
    const key = createHash('sha256').update(`${this.seed}\u0000${request}\u0000${nth}`).digest();
    return mulberry32(key.readUInt32LE(0));
  }
}

/** The default fault scope: both of Grafana's HTTP APIs, `/api/…` and `/apis…`. */
function isGrafanaApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/apis' || path.startsWith('/apis/');
}

/** Small seeded PRNG (mulberry32): repeatable fault sequences for a given seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `script` kinds the injector knows (ScriptedFault), in the order the README lists them. */
export const SCRIPTED_FAULT_KINDS = ['status', 'delay', 'drop', 'cut-answer', 'hold', 'login-page', 'echo', 'queue-full'] as const;

const ECHO_FORMS: readonly EchoForm[] = ['json', 'escaped-json', 'urlencoded', 'html'];

const RATES = ['errorRate', 'rateLimitRate', 'dropRate'] as const;
const NON_NEGATIVE = ['latencyMs', 'retryAfterSeconds'] as const;
const STRING_LISTS = ['methods', 'searchMisses', 'dropQueryParams'] as const;
const KNOWN_SETTINGS = new Set<string>([...RATES, ...NON_NEGATIVE, ...STRING_LISTS, 'errorStatus', 'seed', 'pathPrefix', 'script']);

/**
 * What is wrong with a FaultConfig sent over HTTP (`PUT /__sandbox/faults`), or null: an unknown setting or
 * script kind, or a value the injector cannot use, would otherwise surface later as a 500 to the client under
 * test, which a test or a demo script would take for the client's failure.
 */
export function findFaultConfigProblem(config: object): string | null {
  const settings = config as Record<string, unknown>;
  const unknown = Object.keys(settings).filter((key) => !KNOWN_SETTINGS.has(key));
  if (unknown.length > 0) return `unknown fault setting ${unknown.map((key) => JSON.stringify(key)).join(', ')}; known: ${[...KNOWN_SETTINGS].join(', ')}`;
  for (const key of RATES) {
    const value = settings[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1)) return `${key} must be a number from 0 to 1, got ${JSON.stringify(value)}`;
  }
  for (const key of NON_NEGATIVE) {
    const value = settings[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) return `${key} must be a number of 0 or more, got ${JSON.stringify(value)}`;
  }
  for (const key of STRING_LISTS) {
    const value = settings[key];
    if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) return `${key} must be an array of strings, got ${JSON.stringify(value)}`;
  }
  if (settings.errorStatus !== undefined && !isHttpStatus(settings.errorStatus)) return `errorStatus must be an HTTP status (100-599), got ${JSON.stringify(settings.errorStatus)}`;
  if (settings.seed !== undefined && !(typeof settings.seed === 'number' && Number.isFinite(settings.seed))) return `seed must be a number, got ${JSON.stringify(settings.seed)}`;
  if (settings.pathPrefix !== undefined && typeof settings.pathPrefix !== 'string') return `pathPrefix must be a string, got ${JSON.stringify(settings.pathPrefix)}`;
  if (settings.script === undefined) return null;
  if (!Array.isArray(settings.script)) return `script must be an array of faults, got ${JSON.stringify(settings.script)}`;
  for (const [index, fault] of settings.script.entries()) {
    const problem = findScriptedFaultProblem(fault);
    if (problem !== null) return `script[${index}]: ${problem}`;
  }
  return null;
}

function findScriptedFaultProblem(fault: unknown): string | null {
  const kinds = SCRIPTED_FAULT_KINDS.map((kind) => `"${kind}"`).join(', ');
  if (typeof fault !== 'object' || fault === null || Array.isArray(fault)) return `a fault must be an object with a "kind" (${kinds}), got ${JSON.stringify(fault)}`;
  const { kind, status, ms, retryAfterSeconds, retryAfterDate, message, form, thenDown, afterHandling, body } = fault as Record<string, unknown>;
  if (!(SCRIPTED_FAULT_KINDS as readonly unknown[]).includes(kind)) return `unknown kind ${JSON.stringify(kind)}; known kinds: ${kinds}`;
  if ((kind === 'status' || kind === 'echo') && !isHttpStatus(status)) return `kind "${kind}" needs "status", an HTTP status (100-599), got ${JSON.stringify(status)}`;
  if (kind === 'delay' && !(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) return `kind "delay" needs "ms", a number of 0 or more, got ${JSON.stringify(ms)}`;
  if (kind === 'status' && retryAfterSeconds !== undefined && !(typeof retryAfterSeconds === 'number' && retryAfterSeconds >= 0)) {
    return `retryAfterSeconds must be a number of 0 or more, got ${JSON.stringify(retryAfterSeconds)}`;
  }
  if (kind === 'status' && message !== undefined && typeof message !== 'string') return `message must be a string, got ${JSON.stringify(message)}`;
  if ((kind === 'status' || kind === 'cut-answer') && thenDown !== undefined && thenDown !== true) return `thenDown must be true when given, got ${JSON.stringify(thenDown)}`;
  if (kind === 'status' && afterHandling !== undefined && afterHandling !== true) return `afterHandling must be true when given, got ${JSON.stringify(afterHandling)}`;
  if (kind === 'status' && retryAfterDate !== undefined && !(typeof retryAfterDate === 'string' && /^[\x20-\x7e]+$/.test(retryAfterDate))) {
    return `retryAfterDate must be an HTTP-date string (printable ASCII, sent as the Retry-After header), got ${JSON.stringify(retryAfterDate)}`;
  }
  if (kind === 'status' && body !== undefined && !(typeof body === 'object' && body !== null && !Array.isArray(body))) return `body must be a JSON object, got ${JSON.stringify(body)}`;
  if (kind === 'echo' && form !== undefined && !(ECHO_FORMS as readonly unknown[]).includes(form)) return `form must be one of ${ECHO_FORMS.map((f) => `"${f}"`).join(', ')}, got ${JSON.stringify(form)}`;
  return null;
}

function isHttpStatus(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599;
}
