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

const implemented: Rule[] = [net001, net002, net003, net004, net005, net006, net010, net011, dep001, dep002, dep003];

const order = new Map<string, number>(RULE_IDS.map((id, i) => [id, i]));

export const allRules: readonly Rule[] = [...implemented].sort((a, b) => (order.get(a.meta.id) ?? 999) - (order.get(b.meta.id) ?? 999));
