import { createServer, request as forwardRequest, type IncomingHttpHeaders } from 'node:http';
import { listenForTest } from './listen-for-test.js';

export interface LateDeleteGateway {
  readonly url: string;
  /** The DELETEs it answered for Grafana (or left unanswered) and holds, not yet passed on. */
  held(): number;
  /** Passes every held DELETE on to Grafana, one after another, as a busy Grafana would take them later: their statuses. */
  passOn(): Promise<number[]>;
}

interface HeldDelete {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A gateway in front of `target` (a sandbox's URL) that passes every request through, except a DELETE: it answers that
 * 504 at once (`answer: 504`, a gateway that gave up while Grafana was busy) or not at all (`answer: 'none'`, the client's
 * --timeout ends it), and holds the request until `passOn()`, when Grafana processes it. Not Grafana behaviour. Closed
 * when the test ends.
 */
export async function startLateDeleteGateway(target: string, answer: 504 | 'none'): Promise<LateDeleteGateway> {
  const upstream = new URL(target);
  const held: HeldDelete[] = [];
  const forward = (method: string, path: string, headers: IncomingHttpHeaders, onAnswer: (status: number, answerHeaders: IncomingHttpHeaders, body: NodeJS.ReadableStream) => void) => {
    const forwarded = forwardRequest({ host: upstream.hostname, port: upstream.port, method, path, headers: { ...headers, host: upstream.host } }, (reply) => onAnswer(reply.statusCode ?? 502, reply.headers, reply));
    return forwarded;
  };
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (request.method === 'DELETE') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        held.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
        if (answer === 504) {
          response.writeHead(504, { 'content-type': 'text/html' });
          response.end('<html><body><h1>504 Gateway Time-out</h1></body></html>');
        }
      });
      return;
    }
    const forwarded = forward(request.method ?? 'GET', path, request.headers, (status, headers, body) => {
      response.writeHead(status, headers);
      body.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  const url = await listenForTest(server, 'the gateway');
  return {
    url,
    held: () => held.length,
    async passOn() {
      const statuses: number[] = [];
      for (const { path, headers, body: sent } of held.splice(0)) {
        statuses.push(
          await new Promise<number>((resolve, reject) => {
            const forwarded = forward('DELETE', path, headers, (status, _headers, body) => {
              body.resume();
              resolve(status);
            });
            forwarded.on('error', reject);
            forwarded.end(sent);
          }),
        );
      }
      return statuses;
    },
  };
}
