import { describe, expect, it } from 'vitest';
import { createRequester } from '../../../src/grafana/http/request.js';
import { GrafanaHttpError } from '../../../src/errors.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

/** Every run of 8 characters of `secret`: one in the output gives part of it away. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, at) => secret.slice(at, at + 8));
}

describe('an error body longer than the part read, with the token across the 64 KiB mark', () => {
  // A body of blanks: the description collapses them, so the words at the mark are the ones it quotes.
  it('the error quotes no piece of the token', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const opening = '{"message":"';
    const blanks = ' '.repeat(64 * 1024 - opening.length - 20);
    sandbox.setFaults({ script: [{ kind: 'status', status: 400, message: `${blanks}${token} was refused ${'and so on '.repeat(500)}` }] });
    const requester = createRequester({ url: sandbox.url, auth: { kind: 'token', token }, timeoutMs: 5000, concurrency: 1, userAgent: 'test' });
    try {
      const failure = await requester.send('GET', '/api/search').catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(GrafanaHttpError);
      const message = (failure as GrafanaHttpError).message;
      expect(message).toContain('HTTP 400: response too long to read whole: {"message":"');
      expect(pieces(token.replace(/^glsa_/, '')).filter((piece) => message.includes(piece))).toEqual([]);
    } finally {
      await requester.close();
    }
  });
});
