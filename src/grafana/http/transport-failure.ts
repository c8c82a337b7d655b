/** Turns a socket/timeout error from undici into words a user can act on (certificates: network/describe-network-failure.ts). Pure. */

export interface TransportFailure {
  retryable: boolean;
  description: string;
  /** The description already says what to do (DNS: check the URL). */
  selfExplained?: boolean;
  /** The connection was made and then closed or reset before an answer came: the server was reached. */
  cutOff?: boolean;
}

const CUT_OFF_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

const RETRYABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ECONNABORTED: 'connection aborted',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
};

export function describeTransportError(error: unknown, timeoutMs: number): TransportFailure {
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return { retryable: true, description: `timed out after ${timeoutMs} ms waiting for the response` };
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return { retryable: true, description: `timed out: the response body stalled for ${timeoutMs} ms` };
  }
  if (code !== undefined && code in RETRYABLE_CODES) {
    return { retryable: true, description: `${RETRYABLE_CODES[code]} (${code})`, ...(CUT_OFF_CODES.has(code) ? { cutOff: true } : {}) };
  }
  if (code === 'ENOTFOUND') return { retryable: false, description: 'host not found (ENOTFOUND); check the Grafana URL', selfExplained: true };
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'EPROTO') {
    return { retryable: false, description: `the server does not speak TLS on this port (${code}): the URL says https://, is it http://?`, selfExplained: true };
  }
  // OpenSSL's messages span lines and carry source paths (`…:ssl3_get_record:wrong version number:../deps/…`): one line, its reason.
  const message = oneLine(error instanceof Error ? error.message : String(error));
  return { retryable: false, description: code ? `${message} (${code})` : message };
}

function oneLine(message: string): string {
  const openssl = /:SSL routines:[^:]*:([^:]+):/.exec(message);
  return openssl ? `TLS failed: ${openssl[1]}` : message.replace(/\s*\n\s*/g, ' ').trim();
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node wraps some socket errors: the code sits on the cause.
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined || cause === error ? undefined : errorCode(cause);
}
