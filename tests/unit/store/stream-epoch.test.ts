import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('the bus database’s stream epoch', () => {
  it('is made when the database is first opened, kept across opens, and new for a recreated database', () => {
    const dir = tempDir();
    try {
      const path = `${dir.path}/bus.db`;
      const open = () => unwrap(Store.open(path, new ManualClock()));
      const first = open();
      const epoch = first.streamEpoch();
      expect(epoch).toMatch(/^[0-9a-f]{32}$/);
      first.close();
      const again = open();
      expect(again.streamEpoch()).toBe(epoch);
      again.close();
      rmSync(path);
      const recreated = open();
      expect(recreated.streamEpoch()).not.toBe(epoch);
      recreated.close();
    } finally {
      dir.cleanup();
    }
  });
});
