import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { mayHaveLanded } from '../../../src/apply/read-back.js';
import { AnswerCutOffError } from '../../../src/errors.js';
import { createRequester } from '../../../src/grafana/http/request.js';
import { ADMIN } from './client-fixture.js';

/** An HTTP server answering with `listener`; its URL and how many connections it took. Closed when the test ends. */
async function serve(listener: RequestListener): Promise<{ url: string; connections: () => number }> {
  const server = createServer(listener);
  let connections = 0;
  server.on('connection', () => (connections += 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

function requester(url: string) {
  const http = createRequester({ url, auth: ADMIN, timeoutMs: 5_000, concurrency: 1, retry: { baseDelayMs: 1, maxDelayMs: 5 }, userAgent: 'test' });
  onTestFinished(() => http.close());
  return http;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** ~150 KB of JSON with characters of two, three and four bytes in UTF-8, so a cut between pieces falls inside some. */
const LARGE = { panels: Array.from({ length: 600 }, (_, id) => ({ id, title: `Größe ${id} — 负载 🚀`, expr: 'x'.repeat(200) })) };

describe('an answer as the request layer takes it from the connection', () => {
  it('a body sent in pieces, with pauses between them, arrives whole and in order', async () => {
    const text = Buffer.from(JSON.stringify(LARGE));
    const { url } = await serve(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      // Cut at odd places (inside multi-byte characters too); each piece leaves on its own.
      for (let at = 0; at < text.length; at += 9_973) {
        response.write(text.subarray(at, at + 9_973));
        await pause(3);
      }
      response.end();
    });
    const http = requester(url);
    const received = await http.receive('/api/dashboards/uid/large');
    expect(Buffer.from(received!.bytes).equals(text)).toBe(true);
    expect(await http.send('GET', '/api/dashboards/uid/large')).toEqual(LARGE);
  });

  it('an informational answer (103 Early Hints) is not the answer: its status and headers are the final one\'s', async () => {
    const { url } = await serve((request, response) => {
      response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      const gone = request.url!.endsWith('/gone');
      response.writeHead(gone ? 404 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(gone ? { message: 'Dashboard not found' } : { uid: 'after-hints' }));
    });
    const http = requester(url);
    expect(await http.send('GET', '/api/dashboards/uid/gone', undefined, [404])).toBeUndefined();
    expect(await http.send('GET', '/api/dashboards/uid/after-hints')).toEqual({ uid: 'after-hints' });
  });

  it('an absent answer (404) is read to its end: the connection serves the next request', async () => {
    const { url, connections } = await serve((request, response) => {
      if (request.url!.endsWith('/gone')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Dashboard not found', padding: 'x'.repeat(50_000) }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const http = requester(url);
    expect(await http.send('GET', '/api/dashboards/uid/gone', undefined, [404])).toBeUndefined();
    expect(await http.send('GET', '/api/dashboards/uid/there')).toEqual({ ok: true });
    expect(connections()).toBe(1);
  });

  it('an absent answer (404) cut off in its body is still the answer: nothing sent again', async () => {
    let requests = 0;
    const { url } = await serve((_request, response) => {
      requests += 1;
      response.writeHead(404, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"message":"Dashboard not');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    expect(await requester(url).send('GET', '/api/dashboards/uid/gone', undefined, [404])).toBeUndefined();
    expect(requests).toBe(1);
  });

  // review-65b L5: the save was sent again, and its own first send made the resend fail as "changed by someone else".
  it('a write answered 200 whose body is cut off is not sent again: done, its answer lost, and said so', async () => {
    const seen: string[] = [];
    const { url } = await serve((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      if (seen.length === 1) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"status":"success","uid":"a","vers');
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      response.writeHead(412, { 'content-type': 'application/json' });
      response.end('{"message":"The dashboard has been changed by someone else","status":"version-mismatch"}');
    });
    const http = requester(url);
    const tally = { sent: 0 };

    const error = await http.send('POST', '/api/dashboards/db', { dashboard: { uid: 'a' }, overwrite: false }, [], { tally }).then(
      () => null,
      (failure: unknown) => failure,
    );

    expect(seen).toEqual(['POST /api/dashboards/db']);
    expect(tally).toEqual({ sent: 1 });
    expect(error).toBeInstanceOf(AnswerCutOffError);
    expect((error as Error).message).toMatch(/^POST \/api\/dashboards\/db: Grafana answered it with success, then its answer was cut off before its end \(.+\): the write was done, and what Grafana answered is lost$/);
    expect(mayHaveLanded(error)).toBe(true);
  });

  it('a read answered 200 whose body is cut off is sent again', async () => {
    let sends = 0;
    const { url } = await serve((_request, response) => {
      sends += 1;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': sends === 1 ? '1000' : '8' });
      if (sends === 1) {
        response.write('{"uid":');
        setTimeout(() => response.socket?.destroy(), 20);
      } else response.end('{"a":1} ');
    });
    expect(await requester(url).send('GET', '/api/dashboards/uid/a')).toEqual({ a: 1 });
    expect(sends).toBe(2);
  });
});
