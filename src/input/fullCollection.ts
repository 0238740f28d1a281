/**
 * A full garbage collection on demand, for the one moment a scan knows that most of its heap just died: when a large
 * input's parse tree has been turned into model entities. V8 collects the old generation only once it has grown to a
 * multiple of the size it had after the previous full collection, which during a scan was taken while the input was
 * still being parsed; left alone, the dead tree and the garbage of model building and rules pile up to that limit, and
 * that pile was the scan's peak memory. Collecting at that moment costs a few tens of milliseconds on a
 * 100 MB input and keeps the peak near what is alive.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Inputs from this size on leave a tree worth collecting at once; below it the collection would cost more than it frees. */
export const FULL_COLLECTION_MIN_BYTES = 16 * 1024 * 1024;

let collect: (() => void) | undefined;

/**
 * Runs a full collection now. `gc` is exposed only to contexts created after the flag is set, so it is taken from a
 * fresh context once; the flag adds nothing to the contexts that already exist.
 */
export function collectGarbageNow(): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc !== 'function') return;
    collect = () => gc();
  }
  collect();
}
