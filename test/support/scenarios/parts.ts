/** The keys/identity and audit parts of the scenarios (see keysAndIdentity.ts and audit.ts). */
import type { ResourceSpec } from '../planBuilder.js';
import { blueprintAudit, leakyAudit } from './audit.js';
import { blueprintKeysAndIdentity, leakyKeysAndIdentity } from './keysAndIdentity.js';

export function blueprintParts(): ResourceSpec[] {
  return [...blueprintKeysAndIdentity(), ...blueprintAudit()];
}

export function leakyParts(): ResourceSpec[] {
  return [...leakyKeysAndIdentity(), ...leakyAudit()];
}
