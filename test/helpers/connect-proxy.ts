import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, onTestFinished } from 'vitest';

/** One request the proxy received. */
interface ProxySighting {
  /** `connect`: a CONNECT tunnel; `forward`: an absolute-form request (plain http://). */
  kind: 'connect' | 'forward';
  /** CONNECT's `host:port`, or the absolute URL of a forwarded request. */
  target: string;
  /** Whether a Proxy-Authorization header came with it, and whether it carried the expected credentials. */
  proxyAuthorization: 'none' | 'valid' | 'wrong';
}

export interface TestProxyOptions {
  /** Credentials the proxy demands (407 without them). */
  credentials?: { user: string; password: string };
  /** Answer every CONNECT with this status instead of opening the tunnel. */
  refuseConnectWith?: number;
  /** Answer CONNECT with bytes that are not HTTP. */
  notHttp?: boolean;
}

export interface TestProxy {
  /** `http://127.0.0.1:<port>` (no credentials). */
  readonly url: string;
  /** The same with `user:password@` when the proxy demands credentials. */
  readonly urlWithCredentials: string;
  seen(): ProxySighting[];
  close(): Promise<void>;
}

const open = new Set<TestProxy>();
afterAll(async () => {
  await Promise.all([...open].map((proxy) => proxy.close()));
});

/**
 * A forward proxy on a free port, as a corporate one behaves: CONNECT tunnels for https://,
 * absolute-form requests for http://, 407 without the right Basic credentials. It records what
 * it saw. Closed at the end of the test (or of the file, when started in a hook).
 */
export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const sightings: ProxySighting[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const authorization = (request: IncomingMessage): ProxySighting['proxyAuthorization'] => {
    const given = request.headers['proxy-authorization'];
    return given === undefined ? 'none' : given === expected ? 'valid' : 'wrong';
  };
  const denied = (seen: ProxySighting['proxyAuthorization']) => expected !== undefined && seen !== 'valid';

  const server = createServer((request, response) => {
    const seen = authorization(request);
    sightings.push({ kind: 'forward', target: request.url ?? '', proxyAuthorization: seen });
    if (denied(seen)) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"', 'content-type': 'text/plain' }).end('Proxy Authentication Required');
      return;
    }
    const { 'proxy-authorization': _auth, 'proxy-connection': _connection, ...headers } = request.headers;
    const upstream = httpRequest(request.url ?? '', { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end('Bad Gateway'));
    request.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const seen = authorization(request);
    sightings.push({ kind: 'connect', target: request.url ?? '', proxyAuthorization: seen });
    client.on('error', () => client.destroy());
    if (options.notHttp) {
      client.end('SSH-2.0-OpenSSH_9.6\r\n');
      return;
    }
    if (denied(seen)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (options.refuseConnectWith !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseConnectWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = splitTarget(request.url ?? '');
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const credentials = options.credentials ? `${encodeURIComponent(options.credentials.user)}:${encodeURIComponent(options.credentials.password)}@` : '';
  let closing: Promise<void> | undefined;
  const proxy: TestProxy = {
    url: `http://127.0.0.1:${port}`,
    urlWithCredentials: `http://${credentials}127.0.0.1:${port}`,
    seen: () => [...sightings],
    close() {
      closing ??= new Promise<void>((resolve) => {
        open.delete(proxy);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
  open.add(proxy);
  try {
    onTestFinished(() => proxy.close());
  } catch {
    // started in a hook: closed after the file by afterAll above
  }
  return proxy;
}

function splitTarget(target: string): [string, number] {
  const at = target.lastIndexOf(':');
  const host = target.slice(0, at).replace(/^\[|\]$/g, '');
  return [host, Number(target.slice(at + 1))];
}
