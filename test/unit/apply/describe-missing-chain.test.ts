import { describe, expect, it } from 'vitest';
import { describeMissingChain } from '../../../src/apply/read-folder-chain.js';

describe('describeMissingChain', () => {
  it('names the folder above that could not be read, why, and what a restore from this backup will do', () => {
    expect(describeMissingChain('redis', 'databases', { unread: 'platform', why: 'these credentials cannot read it (GET /api/folders/platform: HTTP 403)' })).toBe(
      'the backup of redis records no folders above its folder: folder platform above its folder databases could not be read, ' +
        'these credentials cannot read it (GET /api/folders/platform: HTTP 403); if folder databases is gone when redis is restored from this backup, ' +
        'it goes to the General level instead of being created again where it was (the backup is written; grant these credentials View on platform to record the chain)',
    );
  });

  it('says "its folder" when the dashboard\'s own folder is the one that could not be read', () => {
    expect(describeMissingChain('redis', 'databases', { unread: 'databases', why: 'it is gone (deleted while the backup was written)' })).toMatch(
      /^the backup of redis records no folders above its folder: its folder databases could not be read, it is gone \(deleted while the backup was written\); /,
    );
  });
});
