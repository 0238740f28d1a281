/** The rule registry, in catalogue order. One file per rule; metadata beside its check. */
import type { Rule } from '../src/engine/types.js';
import { RULE_IDS } from '../src/engine/catalogue.js';
import { rule as net001 } from './net-001-internet-gateway.js';
import { rule as net002 } from './net-002-public-nat-gateway.js';
import { rule as net003 } from './net-003-egress-only-gateway.js';
import { rule as net004 } from './net-004-default-route.js';
import { rule as net005 } from './net-005-public-ip.js';
import { rule as net006 } from './net-006-managed-internet-compute.js';
import { rule as net010 } from './net-010-endpoint-policy.js';
import { rule as net011 } from './net-011-flow-logs.js';
import { rule as dep001 } from './dep-001-required-endpoints.js';
import { rule as dep002 } from './dep-002-private-dns.js';
import { rule as dep003 } from './dep-003-endpoint-placement.js';
import { rule as egr001 } from './egr-001-sg-egress.js';
import { rule as egr002 } from './egr-002-dns-egress.js';
import { rule as dep004 } from './dep-004-external-artifacts.js';
import { rule as upd001 } from './upd-001-module-pinning.js';
import { rule as upd002 } from './upd-002-provider-pinning.js';
import { rule as upd003 } from './upd-003-auto-upgrades.js';
import { rule as aud001 } from './aud-001-trail.js';
import { rule as aud002 } from './aud-002-bedrock-events.js';
import { rule as aud003 } from './aud-003-invocation-logging.js';
import { rule as aud004 } from './aud-004-object-lock.js';
import { rule as aud005 } from './aud-005-delete-deny.js';
import { rule as aud006 } from './aud-006-cross-account.js';
import { rule as aud007 } from './aud-007-public-access-versioning.js';
import { rule as enc001 } from './enc-001-nitro-enclaves.js';
import { rule as enc002 } from './enc-002-attestation-keys.js';
import { rule as kms001 } from './kms-001-customer-managed-keys.js';
import { rule as kms002 } from './kms-002-key-policy-wildcard.js';
import { rule as kms003 } from './kms-003-key-policy-size.js';
import { rule as kms004 } from './kms-004-key-rotation.js';
import { rule as kms005 } from './kms-005-key-per-purpose.js';
import { rule as iam001 } from './iam-001-access-keys.js';
import { rule as iam002 } from './iam-002-console-passwords.js';
import { rule as iam003 } from './iam-003-bedrock-model-arns.js';
import { rule as iam004 } from './iam-004-bedrock-source-vpce.js';
import { rule as iam005 } from './iam-005-session-duration.js';
import { rule as iam006 } from './iam-006-trust-policy.js';
import { rule as iam007 } from './iam-007-admin-mfa.js';
import { rule as res001 } from './res-001-resource-regions.js';
import { rule as res002 } from './res-002-model-regions.js';
import { rule as res003 } from './res-003-key-replica-regions.js';

/** Every built-in rule; `allRules` puts them in catalogue order. */
const rules: Rule[] = [
  net001,
  net002,
  net003,
  net004,
  net005,
  net006,
  net010,
  net011,
  dep001,
  dep002,
  dep003,
  egr001,
  egr002,
  dep004,
  upd001,
  upd002,
  upd003,
  aud001,
  aud002,
  aud003,
  aud004,
  aud005,
  aud006,
  aud007,
  enc001,
  enc002,
  kms001,
  kms002,
  kms003,
  kms004,
  kms005,
  iam001,
  iam002,
  iam003,
  iam004,
  iam005,
  iam006,
  iam007,
  res001,
  res002,
  res003,
];

const order = new Map<string, number>(RULE_IDS.map((id, i) => [id, i]));

export const allRules: readonly Rule[] = [...rules].sort(
  (a, b) => (order.get(a.meta.id) ?? 999) - (order.get(b.meta.id) ?? 999),
);
