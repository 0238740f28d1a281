/** The keys/identity and audit parts of the scenarios (see keysAndIdentity.ts and audit.ts). */
import type { ResourceSpec } from '../planBuilder.js';
import { blueprintAudit, leakyAudit } from './audit.js';

export function blueprintParts(): ResourceSpec[] {
  return [...blueprintAudit()];
}

export function leakyParts(): ResourceSpec[] {
  return [...leakyAudit()];
}
