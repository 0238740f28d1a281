/**
 * Why a value is missing: at plan time it is unknown until apply; in a live scan the call that would
 * have read it failed (the engine also reports the failed call as a collection gap).
 */
import type { Reason } from '../engine/types.js';
import type { Entity } from '../model/types.js';

export function unknownReason(entity: Entity): Reason {
  return entity.meta.source === 'aws' ? 'access-denied' : 'unknown-at-plan';
}
