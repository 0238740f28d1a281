/**
 * The rule catalogue's stable IDs (DESIGN §3). IDs are a contract: CI scripts, waivers, baselines and
 * framework mappings name them. A test checks that rules/ implements exactly these.
 */
export const RULE_IDS = [
  'NET-001', 'NET-002', 'NET-003', 'NET-004', 'NET-005', 'NET-006',
  'EGR-001', 'EGR-002',
  'DEP-001', 'DEP-002', 'DEP-003', 'DEP-004',
  'UPD-001', 'UPD-002', 'UPD-003',
  'NET-010', 'NET-011',
  'KMS-001', 'KMS-002', 'KMS-003', 'KMS-004', 'KMS-005',
  'IAM-001', 'IAM-002', 'IAM-003', 'IAM-004', 'IAM-005', 'IAM-006', 'IAM-007',
  'AUD-001', 'AUD-002', 'AUD-003', 'AUD-004', 'AUD-005', 'AUD-006', 'AUD-007',
  'ENC-001', 'ENC-002',
  'RES-001', 'RES-002', 'RES-003',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
