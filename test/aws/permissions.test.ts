/**
 * The live scan is read-only and its shipped IAM policy is exact: every SDK command the collectors import
 * is a Describe/Get/List call (or sts:GetCallerIdentity), the policy allows each of them, and nothing else.
 * A multi-account scan's caller needs a second, small policy (policy/airgap-audit-caller.json): assume the
 * read-only role and list the organization's accounts; it is exact too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODEARTIFACT_OPERATIONS } from '../../src/aws/codeartifact.js';
import { COLLECTORS } from '../../src/aws/collectors.js';
import { RESOLVER_OPERATIONS } from '../../src/aws/resolver.js';

const SRC = join(import.meta.dirname, '../../src/aws');
const POLICY = join(import.meta.dirname, '../../policy/airgap-audit-readonly.json');
const CALLER_POLICY = join(import.meta.dirname, '../../policy/airgap-audit-caller.json');

/**
 * Actions only the caller of a multi-account scan makes, never the role being read: they belong in the
 * caller's policy, not the read-only one. sts:AssumeRole is made by the SDK's credential provider.
 */
const CALLER_ONLY = ['organizations:ListAccounts', 'sts:AssumeRole'];
const CALLER_FILE = 'accounts.ts';

/** SDK client package -> IAM service prefix. */
const PREFIX: Record<string, string> = {
  'client-ec2': 'ec2',
  'client-kms': 'kms',
  'client-iam': 'iam',
  'client-cloudtrail': 'cloudtrail',
  'client-s3': 's3',
  'client-bedrock': 'bedrock',
  'client-cloudwatch-logs': 'logs',
  'client-secrets-manager': 'secretsmanager',
  'client-lambda': 'lambda',
  'client-sts': 'sts',
  'client-rds': 'rds',
  'client-dynamodb': 'dynamodb',
  'client-opensearch': 'es',
  'client-sqs': 'sqs',
  'client-sns': 'sns',
  'client-sagemaker': 'sagemaker',
  'client-codebuild': 'codebuild',
  'client-ecr': 'ecr',
  'client-bedrock-agent': 'bedrock',
  'client-organizations': 'organizations',
};

/**
 * Operations sent through the JSON-protocol client (jsonProtocol.ts), which no SDK import names: each
 * collector that uses it declares the list, and the list must match the operations its module sends.
 */
const JSON_PROTOCOL: Array<{ file: string; prefix: string; operations: readonly string[] }> = [
  { file: 'resolver.ts', prefix: 'route53resolver', operations: RESOLVER_OPERATIONS },
  { file: 'codeartifact.ts', prefix: 'codeartifact', operations: CODEARTIFACT_OPERATIONS },
];

/** Operations whose IAM action is named differently from the API operation. */
const ACTION_NAME: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
};

interface Use {
  file: string;
  operation: string;
  action: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every operation imported from an AWS SDK client: `XCommand` classes and `paginateX` paginators (which send XCommand). */
function operationsUsed(): Use[] {
  const uses: Use[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import\s*(type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9-]+)'/g)) {
      if (m[1]) continue;
      const prefix = PREFIX[m[3]];
      for (const raw of m[2].split(',')) {
        const name = raw.trim().replace(/^type\s+/, '');
        if (!name || raw.trim().startsWith('type ')) continue;
        let op: string | undefined;
        if (/^[A-Z]\w*Command$/.test(name)) op = name.slice(0, -'Command'.length);
        else if (/^paginate[A-Z]\w*$/.test(name)) op = name.slice('paginate'.length);
        if (!op) continue;
        expect(prefix, `${file}: unknown SDK package ${m[3]}`).toBeDefined();
        const action = ACTION_NAME[`${prefix}:${op}`] ?? `${prefix}:${op}`;
        uses.push({ file: file.slice(SRC.length + 1), operation: `${prefix}:${op}`, action });
      }
    }
  }
  for (const { file, prefix, operations } of JSON_PROTOCOL) {
    const text = readFileSync(join(SRC, file), 'utf8');
    // Every operation the module sends (`operation: 'X'`, or `list('X', 'Key')` through its lister) is declared,
    // and every declared one is sent.
    const sent = [...text.matchAll(/operation:\s*'([A-Z]\w+)'/g)].map((m) => `${prefix}:${m[1]}`);
    const listed = [...text.matchAll(/\(\s*'([A-Z]\w+)'\s*,\s*'[A-Z]\w+'/g)].map((m) => `${prefix}:${m[1]}`);
    expect([...new Set([...sent, ...listed])].sort(), `${file}: operations sent vs declared`).toEqual(
      [...operations].sort(),
    );
    for (const action of operations) uses.push({ file, operation: action, action });
  }
  return uses;
}

interface PolicyStatement {
  Effect: string;
  Action: string[];
  Resource: string;
}

function readPolicy(path: string): { Version: string; Statement: PolicyStatement[] } {
  return JSON.parse(readFileSync(path, 'utf8')) as { Version: string; Statement: PolicyStatement[] };
}

function policyActions(): string[] {
  const doc = readPolicy(POLICY);
  expect(doc.Version).toBe('2012-10-17');
  for (const s of doc.Statement) {
    expect(s.Effect).toBe('Allow');
    expect(s.Resource).toBe('*');
  }
  return doc.Statement.flatMap((s) => s.Action);
}

describe('read-only live scan', () => {
  const uses = operationsUsed();

  it('finds the collectors’ SDK operations', () => {
    // A scan that found nothing would pass every check below vacuously.
    expect(uses.length).toBeGreaterThan(30);
    expect(uses.map((u) => u.action)).toContain('s3:GetBucketObjectLockConfiguration');
    expect(uses.map((u) => u.action)).toContain('iam:GetAccountAuthorizationDetails');
    expect(uses.map((u) => u.action)).toContain('bedrock:GetModelInvocationLoggingConfiguration');
  });

  it('calls only Describe*, Get* and List* operations, plus sts:GetCallerIdentity', () => {
    // BatchGet is read-only too: CodeBuild has no other call that describes a project.
    const offending = uses.filter((u) => !/^[a-z0-9]+:(Describe|Get|List|BatchGet)[A-Z]/.test(u.operation));
    expect(offending).toEqual([]);
  });

  it('ships a policy that allows every call the collectors make, and nothing more', () => {
    const allowed = policyActions();
    expect(new Set(allowed).size, 'no action listed twice').toBe(allowed.length);
    for (const a of allowed) {
      expect(a, 'exact actions, no wildcards').not.toMatch(/\*/);
      expect(a).toMatch(/^[a-z0-9]+:(Describe|Get|List|BatchGet)[A-Z]/);
    }
    const needed = [...new Set(uses.map((u) => u.action))].filter((a) => !CALLER_ONLY.includes(a)).sort();
    expect([...allowed].sort()).toEqual(needed);
  });

  it('names every gap after an action the policy grants', () => {
    // Gaps quote the IAM action (`call: 'ec2:DescribeVpcs'`) so a reader knows which permission to add.
    const allowed = new Set(policyActions());
    const named = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        /'((?:ec2|kms|iam|cloudtrail|s3|bedrock|logs|secretsmanager|lambda|sts|rds|dynamodb|es|sqs|sns|sagemaker|codebuild|ecr|codeartifact|route53resolver|organizations):[A-Z]\w+)'/g,
      )) {
        named.add(m[1]);
      }
    }
    expect(named.size).toBeGreaterThan(30);
    expect([...named].filter((a) => !allowed.has(a) && !CALLER_ONLY.includes(a))).toEqual([]);
    // sts:GetCallerIdentity never becomes a gap: without an identity the scan stops with an error.
    expect([...allowed].filter((a) => !named.has(a))).toEqual(['sts:GetCallerIdentity']);
  });

  it('declares, per collector, exactly the calls its module names', () => {
    // The collector table is what coverage and the rules catalogue read; a call missing from it would be a
    // permission the policy grants for no declared reason, or a collector whose failure names nothing.
    const allowed = new Set(policyActions());
    const declared = COLLECTORS.flatMap((c) => c.calls);
    expect(declared.filter((a) => !allowed.has(a))).toEqual([]);
    const orchestration = ['ec2:DescribeRegions', 'sts:GetCallerIdentity'];
    expect([...allowed].filter((a) => !declared.includes(a) && !orchestration.includes(a))).toEqual([]);
  });
});

describe("a multi-account scan's caller", () => {
  const uses = operationsUsed();

  it('makes its own calls only in accounts.ts', () => {
    const callerUses = uses.filter((u) => CALLER_ONLY.includes(u.action));
    expect(callerUses.map((u) => u.action)).toContain('organizations:ListAccounts');
    expect(callerUses.filter((u) => u.file !== CALLER_FILE)).toEqual([]);
  });

  it('ships a caller policy with exactly: its identity, assuming the read-only role, listing the accounts', () => {
    const doc = readPolicy(CALLER_POLICY);
    expect(doc.Version).toBe('2012-10-17');
    const actions = doc.Statement.flatMap((s) => s.Action);
    expect([...actions].sort()).toEqual(['sts:GetCallerIdentity', ...CALLER_ONLY].sort());
    for (const s of doc.Statement) expect(s.Effect).toBe('Allow');
    // Only the shipped read-only role may be assumed, in any account: nothing the caller could widen it to.
    const assume = doc.Statement.find((s) => s.Action.includes('sts:AssumeRole'));
    expect(assume?.Resource).toBe('arn:aws:iam::*:role/airgap-audit-readonly');
  });
});
