import { describe, expect, it } from 'vitest';
import { collectGarbageNow } from '../../src/input/fullCollection.js';

/** An object reachable only through the returned WeakRef once this function returns. */
function unreachable(): WeakRef<object> {
  return new WeakRef({ tree: Array.from({ length: 1000 }, (_, i) => ({ i })) });
}

describe('collectGarbageNow', () => {
  it('collects what nothing holds any more, at once', async () => {
    const ref = unreachable();
    // A WeakRef's target is held until the job that created it ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbageNow();
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still held, and can run again', async () => {
    const held = { tree: [1, 2, 3] };
    const ref = new WeakRef(held);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbageNow();
    collectGarbageNow();
    expect(ref.deref()).toBe(held);
  });
});
