/** What a route handler answers; the server writes it. */
export interface Reply {
  status: number;
  /** Response body text (JSON unless contentType says otherwise). */
  body: string;
  /**
   * The body already as bytes, sent instead of `body` (then ''): a large answer assembled from kept parts without
   * making one string of megabytes first (each such string costs V8 a fresh allocation, and the socket another copy).
   */
  bytes?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** The body is written with json.Marshal's HTML escaping already: the server leaves it as it is (server.ts goEscaped). */
  escaped?: boolean;
}

/** A JSON reply; `body` keeps its key order (Go structs print fields in declaration order). */
export function json(status: number, body: unknown): Reply {
  return { status, body: JSON.stringify(body) };
}

/** A JSON reply for a Go map body: encoding/json prints map keys sorted. */
export function mapJson(status: number, body: Record<string, unknown>): Reply {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(body).sort()) sorted[key] = body[key];
  return json(status, sorted);
}

/** `response.Error(status, message, nil)`: just the message (validation errors). */
export function errorReply(status: number, message: string): Reply {
  return mapJson(status, { message });
}

/** `response.Error(status, message, err)` with an underlying error: adds `traceID` (grafana-api.md §7.4). */
export function errorWithTrace(status: number, message: string): Reply {
  return mapJson(status, { message, traceID: '' });
}

/** A DashboardErr with a status string: `{"message","status"}`. */
export function statusError(status: number, statusText: string, message: string): Reply {
  return mapJson(status, { message, status: statusText });
}

/** An errutil error as written by WriteErrOrFallback. */
export function errutilReply(status: number, messageId: string, message: string): Reply {
  return mapJson(status, { message, messageId, statusCode: status, traceID: '' });
}

/**
 * A 401 from the auth middleware (notAuthorized → WriteErrOrFallback): the errutil public error as a Go map,
 * `extra` included even when empty, written by the web context with a charset (observed on 11.x–13).
 */
export function authErrorReply(messageId: string, message: string): Reply {
  return {
    ...mapJson(401, { extra: null, message, messageId, statusCode: 401, traceID: '' }),
    contentType: 'application/json; charset=UTF-8',
  };
}

export const notFoundRoute: Reply = errorReply(404, 'Not found');

const COMMA = 0x2c;

/**
 * `open`, the items (JSON texts, as strings or already encoded) joined by commas, then `close`, as UTF-8 bytes:
 * the text `${open}${items.join(',')}${close}` would be, without that text (megabytes for a list) ever being made.
 */
export function joinedJsonBytes(open: string, items: readonly (string | Buffer)[], close: string): Buffer {
  let length = Buffer.byteLength(open) + Buffer.byteLength(close) + Math.max(0, items.length - 1);
  for (const item of items) length += typeof item === 'string' ? Buffer.byteLength(item) : item.length;
  const bytes = Buffer.allocUnsafe(length);
  let at = bytes.write(open, 0);
  for (let i = 0; i < items.length; i += 1) {
    if (i > 0) bytes[at++] = COMMA;
    const item = items[i]!;
    at += typeof item === 'string' ? bytes.write(item, at) : item.copy(bytes, at);
  }
  bytes.write(close, at);
  return bytes;
}
