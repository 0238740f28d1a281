/** The keys/identity and audit parts of the scenarios (see keysAndIdentity.ts and audit.ts). */
import type { ResourceSpec } from '../planBuilder.js';

export function blueprintParts(): ResourceSpec[] {
  return [];
}

export function leakyParts(): ResourceSpec[] {
  return [];
}
