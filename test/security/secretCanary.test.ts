/**
 * Secret canaries: values Terraform marks sensitive, a token in a module source URL, and a malformed
 * sensitive policy (whose JSON error would quote it) each carry a unique marker. The scan writes all
 * seven formats to stdout and into an evidence package; no marker may appear in any of them or on
 * stderr. The inventory `--with-inventory` adds to the JSON report (for `merge`) must carry none of them:
 * it drops every sensitive value instead of relying on where findings are built.
 *
 * Each input comes in both forms the loader reads: a plan (`resource_changes`, `after_sensitive`,
 * `configuration`) and a state (`values.root_module` with `sensitive_values`, no configuration, every value
 * known, and sensitive root outputs).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { buildPlan, type JsonValue, type PlanSpec, ref } from '../support/planBuilder.js';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'oscal'];

const CANARY = {
  moduleToken: 'CNRYMODULETOKEN01',
  malformedKeyPolicy: 'CNRYKEYPOLICYSYNTAX02',
  malformedRolePolicy: 'CNRYTRUSTSYNTAX03',
  bucketName: 'cnry-bucket-name-04',
  sessionDuration: '43187',
  keyPolicyCondition: 'o-cnryorgid0005',
  logGroupKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/cnry-log-key-06',
  imageUri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/cnry-image-07:1',
  accessKeyId: 'AKIACNRYACCESSKEY08',
  stateOutput: 'CNRYSTATEOUTPUT09',
};

type Form = 'plan' | 'state';

function spec(form: Form): PlanSpec {
  const malformed = (token: string): string =>
    `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":${token}}}}]}`;
  const orgPolicy = JSON.stringify({
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': CANARY.keyPolicyCondition } },
      },
    ],
  });
  return {
    resources: [
      {
        address: 'aws_kms_key.malformed',
        values: { enable_key_rotation: true, policy: malformed(CANARY.malformedKeyPolicy) },
        sensitive: { policy: true },
      },
      {
        address: 'aws_kms_key.org',
        values: { enable_key_rotation: true, policy: orgPolicy },
        sensitive: { policy: true },
      },
      {
        address: 'aws_iam_role.r',
        values: {
          name: 'r',
          assume_role_policy: malformed(CANARY.malformedRolePolicy),
          max_session_duration: Number(CANARY.sessionDuration),
        },
        sensitive: { assume_role_policy: true, max_session_duration: true },
      },
      {
        address: 'aws_s3_bucket.audit',
        values: { bucket: CANARY.bucketName, object_lock_enabled: false },
        sensitive: { bucket: true },
      },
      // A plan names the bucket by reference, unknown until apply; a state holds its name, as sensitive as the
      // bucket's own (the sensitive input it came from marks both).
      form === 'plan'
        ? {
            address: 'aws_cloudtrail.t',
            values: { name: 't', is_multi_region_trail: false },
            unknown: { s3_bucket_name: true },
            expressions: { s3_bucket_name: ref('aws_s3_bucket.audit.id') },
          }
        : {
            address: 'aws_cloudtrail.t',
            values: { name: 't', is_multi_region_trail: false, s3_bucket_name: CANARY.bucketName },
            sensitive: { s3_bucket_name: true },
          },
      { address: 'module.net.aws_vpc.v', values: { cidr_block: '10.0.0.0/16' } },
      {
        address: 'aws_cloudwatch_log_group.g',
        values: { name: 'g', kms_key_id: CANARY.logGroupKeyArn },
        sensitive: { kms_key_id: true },
      },
      {
        address: 'aws_lambda_function.f',
        values: { function_name: 'f', package_type: 'Image', image_uri: CANARY.imageUri },
        sensitive: { image_uri: true },
      },
      { address: 'aws_iam_user.u', values: { name: 'u' } },
      {
        address: 'aws_iam_access_key.k',
        values: { user: 'u', id: CANARY.accessKeyId, status: 'Active' },
        sensitive: { id: true },
        expressions: { user: ref('aws_iam_user.u.name') },
      },
    ],
    modules: {
      'module.net': {
        source: `git::https://oauth2:${CANARY.moduleToken}@gitlab.example.com/infra/net.git?ref=main`,
      },
    },
  };
}

/** The input file of one form: `terraform show -json` of a plan, or of a state. */
function input(form: Form): Record<string, unknown> {
  const plan = buildPlan(spec(form));
  if (form === 'plan') return plan;
  // A state's `values` has the shape of a plan's `planned_values`, plus the root outputs.
  const planned = plan.planned_values as { root_module: JsonValue };
  return {
    format_version: '1.0',
    terraform_version: plan.terraform_version,
    values: {
      outputs: { audit_token: { sensitive: true, value: CANARY.stateOutput, type: 'string' } },
      root_module: planned.root_module,
    },
  };
}

interface Scanned {
  outputs: Array<{ where: string; text: string }>;
  /** The `inventory` member of a `--with-inventory` report, and of a merge of that report with --with-inventory. */
  inventories: Array<{ where: string; text: string }>;
}

interface Doc {
  inventory?: { entities: Array<{ meta: { address: string } }> };
}

/** Every output a scan of `form` writes: each format to stdout, an evidence package, an inventory and a merge. */
function scanEverything(form: Form): Scanned {
  const dir = mkdtempSync(join(tmpdir(), `secret-canary-${form}-`));
  const file = join(dir, `${form}.json`);
  writeFileSync(file, JSON.stringify(input(form)));
  const evidence = join(dir, 'evidence');
  const pkg = runCli(['scan', file, '--format', FORMATS.join(','), '--output-dir', evidence]);
  expect(pkg.code, pkg.stderr).toBe(1);
  const outputs = [{ where: 'stderr (evidence package)', text: pkg.stdout + pkg.stderr }];
  for (const name of readdirSync(evidence))
    outputs.push({ where: `evidence/${name}`, text: readFileSync(join(evidence, name), 'utf8') });
  for (const format of FORMATS) {
    const r = runCli(['scan', file, '--format', format]);
    outputs.push({ where: `stdout ${format}`, text: r.stdout }, { where: `stderr ${format}`, text: r.stderr });
  }
  const report = join(dir, 'with-inventory.json');
  const scanned = runCli(['scan', file, '--format', 'json', '--with-inventory', '--output', report]);
  expect(scanned.code, scanned.stderr).toBe(1);
  const merged = runCli(['merge', report, '--format', 'json', '--with-inventory']);
  expect(merged.code, merged.stderr).toBe(1);
  outputs.push(
    { where: 'stdout json --with-inventory', text: readFileSync(report, 'utf8') },
    { where: 'stderr json --with-inventory', text: scanned.stderr },
    { where: 'stdout merge', text: merged.stdout },
    { where: 'stderr merge', text: merged.stderr },
  );
  const inventories = [
    {
      where: 'scan --with-inventory',
      text: JSON.stringify((JSON.parse(readFileSync(report, 'utf8')) as Doc).inventory),
    },
    { where: 'merge --with-inventory', text: JSON.stringify((JSON.parse(merged.stdout) as Doc).inventory) },
  ];
  return { outputs, inventories };
}

for (const form of ['plan', 'state'] as const)
  describe(`secret canaries in a ${form}`, () => {
    let outputs: Scanned['outputs'] = [];
    let inventories: Scanned['inventories'] = [];
    beforeAll(() => {
      ({ outputs, inventories } = scanEverything(form));
    }, 300_000);

    it('covers every format, the evidence package and stderr', () => {
      expect(outputs.length).toBeGreaterThanOrEqual(1 + 8 + 14);
      // The scan read the canary resources: their findings are there, only the values are not.
      const json = outputs.find((o) => o.where === 'stdout json')?.text ?? '';
      for (const address of ['aws_kms_key.malformed', 'aws_iam_role.r', 'module.net.aws_vpc.v'])
        expect(json).toContain(address);
      // A state has no configuration, so no module sources to print.
      if (form === 'plan') expect(json).toContain('https://***@gitlab.example.com/infra/net.git?ref=main');
      else expect(json).toContain('"kind": "terraform-state"');
    });

    it('carries the canary resources in the inventory, only not their values', () => {
      for (const { text } of inventories) {
        for (const address of ['aws_kms_key.malformed', 'aws_iam_role.r', 'aws_s3_bucket.audit', 'aws_cloudtrail.t'])
          expect(text).toContain(address);
        if (form === 'plan') {
          expect(text).toContain('module.net');
          expect(text).toContain('https://***@gitlab.example.com/infra/net.git?ref=main');
        }
      }
    });

    for (const [name, marker] of Object.entries(CANARY))
      it(`${name} appears nowhere in an inventory a report carries`, () => {
        expect(inventories.filter((o) => o.text.includes(marker)).map((o) => o.where)).toEqual([]);
      });

    for (const [name, marker] of Object.entries(CANARY) as Array<[keyof typeof CANARY, string]>) {
      it(`${name} appears nowhere`, () => {
        expect(outputs.filter((o) => o.text.includes(marker)).map((o) => o.where)).toEqual([]);
      });
    }
  });
