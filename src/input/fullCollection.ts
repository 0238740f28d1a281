/**
 * A full garbage collection on demand, for the moments a scan knows that much of its memory just died: when a large
 * input's bytes have been decoded to text (wholeInput.ts), when its plan has been loaded (the parts of the document
 * the model does not read are unreachable) and when its parse tree has been turned into model entities. V8 collects
 * the old generation only once it has grown to a multiple of its size after the previous full collection, which
 * during a scan was taken while the input was still being parsed; left alone, the dead tree and the garbage of model
 * building and rules piled up to that limit, and that pile was the scan's peak memory. Each collection costs a few
 * tens of milliseconds per 100 MB still alive.
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
