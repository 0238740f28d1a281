/**
 * A sharded organisation scan merged is the unsharded scan, end to end through the CLI: four accounts in moto
 * (the caller's workload account, a security account holding the audit bucket, a third account, and one whose role
 * the fault proxy refuses) over two regions, scanned once whole and once as `--shard I/3` for I = 1..3 with
 * `--with-inventory`; `merge` of the three gives the same findings, coverage, air-gap verdict and gate, and writes
 * every format and an evidence package that `verify` accepts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shardOfUnit } from '../../src/aws/shard.js';
import { startFaultProxy, type FaultProxy } from '../aws/faultProxy.js';
import { isolateAwsEnv, startMoto, type Moto } from '../aws/motoServer.js';
import { cliPath, repoRoot, type CliResult } from '../support/cli.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 400_000 });

const WORKLOAD = '123456789012';
const SECURITY = '111111111111';
const THIRD = '333333333333';
const REFUSED = '222222222222';
const ACCOUNTS = [WORKLOAD, SECURITY, THIRD, REFUSED];
const REGIONS = ['us-east-1', 'eu-west-1'];
const ROLE = 'airgap-audit-readonly';
const LOG_BUCKET = 'org-security-audit-logs';
const OWN_BUCKET = 'workload-own-trail-logs';
/** The services the deployment uses: moto answers others slowly or with HTTP 500, retried for minutes. */
const SERVICES = 'iam,s3,cloudtrail,ec2,kms,logs';
const FORMATS = 'text,json,sarif,junit,markdown,html,oscal';
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', SOURCE_DATE_EPOCH: '1767225600' };

interface Finding {
  ruleId: string;
  status: string;
  fingerprint: string;
  message: string;
  resource: { address: string; account?: string; region?: string };
}

interface Report {
  findings: Finding[];
  coverage: unknown;
  airGap: unknown;
  gate: unknown;
  shard?: { index: number; count: number };
  merge?: { rejudged: boolean; note: string; reports: unknown[] };
  inventory?: { accounts: string[]; regions: string[]; entities: Array<{ meta: { address: string } }> };
  [key: string]: unknown;
}

let moto: Moto;
let proxy: FaultProxy;
let dir: string;
let whole: { code: number; report: Report };
let shards: Report[];
let merged: { code: number; report: Report };

/**
 * The built CLI in a child process without blocking this one: the fault proxy runs in this process and must keep
 * answering while the scans run.
 */
function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function read(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

async function scan(args: string[]): Promise<number> {
  const r = await runCliAsync([
    'scan',
    '--aws',
    '--endpoint-url',
    proxy.url,
    ...REGIONS.flatMap((r) => ['--region', r]),
    '--accounts',
    ACCOUNTS.join(','),
    '--assume-role',
    ROLE,
    '--services',
    SERVICES,
    '--quiet',
    ...args,
  ]);
  expect(r.stderr).toBe('');
  return r.code;
}

async function credentialsOf(url: string, account: string): Promise<AwsCredentialIdentity> {
  const sts = new STSClient({ region: REGIONS[0], endpoint: url });
  const r = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/deployer`, RoleSessionName: 'deploy' }),
  );
  sts.destroy();
  const c = r.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('moto answered no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** A VPC with a subnet and an internet gateway (NET-001 fails on it). */
async function exposedVpc(endpoint: string, region: string, credentials: AwsCredentialIdentity | undefined) {
  const ec2 = new EC2Client({ endpoint, region, credentials });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId;
  await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.1.0/24' }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId;
  await ec2.send(new AttachInternetGatewayCommand({ VpcId: vpc, InternetGatewayId: igw }));
  ec2.destroy();
}

async function key(endpoint: string, region: string, credentials: AwsCredentialIdentity | undefined) {
  const kms = new KMSClient({ endpoint, region, credentials });
  await kms.send(new CreateKeyCommand({ Description: `data key ${region}` }));
  kms.destroy();
}

async function logGroup(endpoint: string, region: string, credentials: AwsCredentialIdentity | undefined) {
  const logs = new CloudWatchLogsClient({ endpoint, region, credentials });
  await logs.send(new CreateLogGroupCommand({ logGroupName: `/app/${region}` }));
  logs.destroy();
}

/**
 * The workload's trails live in eu-west-1 and the audit bucket in the security account's global pair: two
 * different shards, so AUD-006 judges the bucket right only from the merged inventory.
 */
async function deploy(url: string): Promise<void> {
  const security = await credentialsOf(url, SECURITY);
  const third = await credentialsOf(url, THIRD);
  const s3Security = new S3Client({ region: REGIONS[0], endpoint: url, forcePathStyle: true, credentials: security });
  await s3Security.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
  s3Security.destroy();
  const iamSecurity = new IAMClient({ region: REGIONS[0], endpoint: url, credentials: security });
  await iamSecurity.send(
    new CreateRoleCommand({
      RoleName: 'log-reader',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:PrincipalAccount': WORKLOAD } },
          },
        ],
      }),
    }),
  );
  iamSecurity.destroy();
  await logGroup(url, 'us-east-1', security);

  const s3 = new S3Client({ region: REGIONS[0], endpoint: url, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: OWN_BUCKET }));
  s3.destroy();
  const trail = new CloudTrailClient({ region: 'eu-west-1', endpoint: url });
  await trail.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: LOG_BUCKET, IsMultiRegionTrail: true }));
  await trail.send(new CreateTrailCommand({ Name: 'local-trail', S3BucketName: OWN_BUCKET }));
  trail.destroy();
  await exposedVpc(url, 'eu-west-1', undefined);
  await key(url, 'us-east-1', undefined);

  await exposedVpc(url, 'us-east-1', third);
  await key(url, 'eu-west-1', third);
  await logGroup(url, 'eu-west-1', third);
}

/** The files of an evidence package with every format. */
const PACKAGE = [
  'airgap-audit.txt',
  'airgap-audit.json',
  'airgap-audit.sarif',
  'airgap-audit.junit.xml',
  'airgap-audit.md',
  'airgap-audit.html',
  'oscal-assessment-results.json',
  'oscal-assessment-plan.json',
  'oscal-poam.json',
  'manifest.json',
];
/** The files that say how a merged report was made. */
const NOTED = new Set(PACKAGE.filter((n) => n.startsWith('airgap-audit.') || n === 'oscal-assessment-results.json'));

/**
 * A file of the package without what a merge adds to it: the note in each format that carries one, and the JSON
 * report's and SARIF run's `merge` member (which shard files, with their hashes). Parsed formats come back parsed.
 */
function withoutMergeNote(name: string, text: string, note: string): unknown {
  switch (name) {
    case 'airgap-audit.json': {
      const { merge: _merge, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return rest;
    }
    case 'airgap-audit.sarif': {
      const sarif = JSON.parse(text) as { runs: Array<{ properties: Record<string, unknown> }> };
      for (const run of sarif.runs) delete run.properties.merge;
      return sarif;
    }
    case 'oscal-assessment-results.json': {
      const results = JSON.parse(text) as { 'assessment-results': { results: Array<{ remarks: string }> } };
      for (const r of results['assessment-results'].results) r.remarks = r.remarks.replace(`\n${note}`, '');
      return results;
    }
    case 'airgap-audit.txt':
      return text.replace(`${note}\n`, '');
    case 'airgap-audit.md':
      return text.replace(`> ${note}\n\n`, '');
    case 'airgap-audit.junit.xml':
      return text.replace(/ *<property name="merge-note" value="[^"]*"\/>\n/, '');
    case 'airgap-audit.html':
      return text.replace(`<p class="caveat" id="merge-note">${note}</p>`, '');
    default:
      return text;
  }
}

/** The report minus what differs between two runs by nature: from which inputs, how it was merged. */
function judged(r: Report): Record<string, unknown> {
  const { generatedAt: _at, input: _input, merge: _merge, inventory: _inventory, shard: _shard, ...rest } = r;
  return rest;
}

const results = (r: Report) => r.findings.map((f) => [f.fingerprint, f.status, f.message]);

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
  await deploy(moto.url);
  proxy = await startFaultProxy(moto.url);
  proxy.setFault((req, _attempt, body) => {
    if (req.service !== 'sts' || req.action !== 'AssumeRole') return undefined;
    const roleArn = new URLSearchParams(body).get('RoleArn') ?? '';
    if (!roleArn.includes(`:${REFUSED}:`)) return undefined;
    return { code: 'AccessDenied', status: 403, message: `not authorized to perform: sts:AssumeRole on ${roleArn}` };
  });
  dir = mkdtempSync(join(tmpdir(), 'merge-accounts-'));
  const wholeCode = await scan(['--format', FORMATS, '--output-dir', join(dir, 'whole')]);
  whole = { code: wholeCode, report: read(join(dir, 'whole', 'airgap-audit.json')) };
  // The shards run side by side, as the jobs of a CI matrix do.
  const files = [1, 2, 3].map((i) => join(dir, `shard-${i}.json`));
  const codes = await Promise.all(
    files.map((f, i) => scan(['--shard', `${i + 1}/3`, '--with-inventory', '--format', 'json', '--output', f])),
  );
  expect(codes.every((c) => c === 0 || c === 1)).toBe(true);
  shards = files.map(read);
  const out = join(dir, 'merged.json');
  const r = await runCliAsync(['merge', ...files, '--format', 'json', '--output', out]);
  expect(r.stderr).toBe('');
  merged = { code: r.code, report: read(out) };
});

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an organisation scan in 3 shards, merged', () => {
  it('splits the work: each shard reads part of every account, and the audit bucket and its trail apart', () => {
    shards.forEach((s, i) => {
      expect(s.shard).toEqual({ index: i + 1, count: 3 });
      expect(s.findings.length).toBeLessThan(whole.report.findings.length);
    });
    const bucketShard = shardOfUnit(SECURITY, REGIONS, 'global', 3);
    const trailShard = shardOfUnit(WORKLOAD, REGIONS, 'eu-west-1', 3);
    expect(bucketShard).not.toBe(trailShard);
    // Alone, the shard holding the audit bucket cannot judge it as the unsharded scan does.
    const aud = (r: Report) =>
      r.findings.find((f) => f.ruleId === 'AUD-006' && f.resource.address === `arn:aws:s3:::${LOG_BUCKET}`)?.status;
    expect(aud(whole.report)).toBe('pass');
    expect(aud(shards[bucketShard - 1] as Report)).not.toBe('pass');
    expect(aud(merged.report)).toBe('pass');
  });

  it('gives the findings (fingerprint, status, message), coverage, verdict and gate of the unsharded scan', () => {
    expect(results(merged.report)).toEqual(results(whole.report));
    expect(merged.report.findings).toEqual(whole.report.findings);
    expect(merged.report.coverage).toEqual(whole.report.coverage);
    expect(merged.report.airGap).toEqual(whole.report.airGap);
    expect(merged.report.gate).toEqual(whole.report.gate);
    expect(judged(merged.report)).toEqual(judged(whole.report));
    expect(merged.code).toBe(whole.code);
    expect(merged.report.merge?.rejudged).toBe(true);
    expect(merged.report.merge?.reports).toHaveLength(3);
  });

  it('reports the refused account once, not assessed, as the unsharded scan does', () => {
    const refused = (r: Report) =>
      r.findings.filter((f) => f.resource.address === `account/${REFUSED}`).map((f) => [f.ruleId, f.status]);
    expect(refused(whole.report).length).toBeGreaterThan(0);
    expect(new Set(refused(whole.report).map(([, s]) => s))).toEqual(new Set(['not-assessed']));
    expect(refused(merged.report)).toEqual(refused(whole.report));
  });

  it('writes every format from the merged result as the unsharded scan writes it, but for the merge note', async () => {
    const files = [1, 2, 3].map((i) => join(dir, `shard-${i}.json`));
    const pkg = join(dir, 'evidence');
    const r = await runCliAsync(['merge', ...files, '--format', FORMATS, '--output-dir', pkg]);
    expect(r.code, r.stderr).toBe(whole.code);
    const written = readdirSync(pkg).sort();
    expect(written).toEqual(readdirSync(join(dir, 'whole')).sort());
    expect(written).toEqual(expect.arrayContaining(PACKAGE));
    const note = merged.report.merge?.note ?? '';
    expect(note).toContain('judged together');
    for (const name of written.filter((n) => n !== 'manifest.json')) {
      const text = readFileSync(join(pkg, name), 'utf8');
      if (NOTED.has(name)) expect(text, name).toContain(note);
      expect(withoutMergeNote(name, text, note), name).toEqual(
        withoutMergeNote(name, readFileSync(join(dir, 'whole', name), 'utf8'), note),
      );
    }
    const verified = await runCliAsync(['verify', pkg]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});
