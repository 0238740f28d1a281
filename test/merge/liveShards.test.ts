/**
 * A sharded live scan merged is the unsharded scan: one deployment spread over three regions in moto, scanned once
 * across all three and once per region with --with-inventory (stand-ins for the shards of an organisation scan);
 * `merge` of the three gives the same findings, coverage, air-gap verdict and gate, and writes every format and an
 * evidence package that `verify` accepts.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deploy, REGION } from '../aws/deployment.js';
import { isolateAwsEnv, startMoto, type Moto } from '../aws/motoServer.js';
import { runCli } from '../support/cli.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

/** The unsharded scan lists them in this order; the shards are merged in the same order. */
const REGIONS = [REGION, 'us-west-2', 'eu-west-1'];
const FORMATS = 'text,json,sarif,junit,markdown,html,oscal';
const DEPLOYED_SERVICES = 'ec2,kms,iam,cloudtrail,s3,bedrock,logs,secretsmanager,lambda';
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', SOURCE_DATE_EPOCH: '1767225600' };

/** In each further region: a VPC with an internet gateway (NET-001), a key without rotation, a log group. */
async function deployRegion(endpoint: string, region: string, cidr: string): Promise<void> {
  const ec2 = new EC2Client({ endpoint, region });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId;
  await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr.replace('.0.0/16', '.1.0/24') }));
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId;
  await ec2.send(new AttachInternetGatewayCommand({ VpcId: vpc, InternetGatewayId: igw }));
  ec2.destroy();
  const kms = new KMSClient({ endpoint, region });
  await kms.send(new CreateKeyCommand({ Description: `data key ${region}` }));
  kms.destroy();
  const logs = new CloudWatchLogsClient({ endpoint, region });
  await logs.send(new CreateLogGroupCommand({ logGroupName: `/app/${region}` }));
  logs.destroy();
}

interface Report {
  findings: Array<{ ruleId: string; status: string; fingerprint: string; resource: { region?: string } }>;
  merge?: { rejudged: boolean; note: string; reports: unknown[] };
  inventory?: { regions: string[]; entities: unknown[] };
  [key: string]: unknown;
}

let moto: Moto;
let dir: string;
let full: { code: number; report: Report };
let shards: Report[];
let merged: { code: number; report: Report; stderr: string };

function scan(args: string[], output: string): number {
  const r = runCli(
    // The services this deployment uses: moto answers the others slowly or with HTTP 500, retried for minutes.
    [
      'scan',
      '--aws',
      '--endpoint-url',
      moto.url,
      '--services',
      DEPLOYED_SERVICES,
      '--quiet',
      '--format',
      'json',
      '--output',
      output,
      ...args,
    ],
    { env: ENV },
  );
  expect(r.stderr).toBe('');
  return r.code;
}

function read(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

/** The report minus what differs between two runs by nature: when, from which inputs, how it was merged. */
function judged(r: Report): Record<string, unknown> {
  const { generatedAt: _at, input: _input, merge: _merge, inventory: _inventory, ...rest } = r;
  return rest;
}

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
  await deploy(moto.url);
  await deployRegion(moto.url, 'us-west-2', '10.30.0.0/16');
  await deployRegion(moto.url, 'eu-west-1', '10.40.0.0/16');
  dir = mkdtempSync(join(tmpdir(), 'merge-live-'));
  const fullFile = join(dir, 'full.json');
  full = {
    code: scan(
      REGIONS.flatMap((r) => ['--region', r]),
      fullFile,
    ),
    report: read(fullFile),
  };
  const files = REGIONS.map((region, i) => {
    const file = join(dir, `shard-${i + 1}.json`);
    scan(['--region', region, '--with-inventory'], file);
    return file;
  });
  shards = files.map(read);
  const out = join(dir, 'merged.json');
  const r = runCli(['merge', ...files, '--format', 'json', '--output', out], { env: ENV });
  merged = { code: r.code, report: read(out), stderr: r.stderr };
});

afterAll(async () => {
  await moto?.stop();
});

describe('merge of a live scan sharded by region', () => {
  it('each shard saw only its region, and carries its inventory', () => {
    shards.forEach((s, i) => {
      expect(s.inventory?.regions).toEqual([REGIONS[i]]);
      // Regional resources (the network) only of its own region; global listings (IAM, S3) are read by every shard.
      const igwRegions = s.findings.filter((f) => f.ruleId === 'NET-001').map((f) => f.resource.region);
      expect(new Set(igwRegions)).toEqual(new Set([REGIONS[i]]));
    });
    // The shards differ from the unsharded scan: otherwise the comparison below would prove nothing.
    for (const s of shards) expect(s.findings.length).toBeLessThan(full.report.findings.length);
  });

  it('gives the findings, coverage, air-gap verdict and gate of the unsharded scan', () => {
    expect(merged.stderr).toBe('');
    expect(merged.report.findings).toEqual(full.report.findings);
    expect(merged.report.coverage).toEqual(full.report.coverage);
    expect(merged.report.airGap).toEqual(full.report.airGap);
    expect(merged.report.gate).toEqual(full.report.gate);
    expect(judged(merged.report)).toEqual(judged(full.report));
    expect(merged.code).toBe(full.code);
    // The deployment spans the three regions: NET-001 fails in each.
    const igwRegions = full.report.findings
      .filter((f) => f.ruleId === 'NET-001' && f.status === 'fail')
      .map((f) => f.resource.region);
    expect(new Set(igwRegions)).toEqual(new Set(REGIONS));
  });

  it('says how it was merged', () => {
    expect(merged.report.merge?.rejudged).toBe(true);
    expect(merged.report.merge?.reports).toHaveLength(3);
    expect(merged.report.input).toEqual(full.report.input);
  });

  it('writes every format and an evidence package that verifies', () => {
    const pkg = join(dir, 'evidence');
    const files = REGIONS.map((_, i) => join(dir, `shard-${i + 1}.json`));
    const r = runCli(['merge', ...files, '--format', FORMATS, '--output-dir', pkg], { env: ENV });
    expect(r.code, r.stderr).toBe(full.code);
    const written = readdirSync(pkg);
    for (const name of [
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
    ])
      expect(written).toContain(name);
    const note = merged.report.merge?.note ?? '';
    expect(note).toContain('judged together');
    for (const name of written.filter((n) => n.startsWith('airgap-audit.') || n === 'oscal-assessment-results.json'))
      expect(readFileSync(join(pkg, name), 'utf8'), name).toContain(note.slice(0, 40));
    const packaged = read(join(pkg, 'airgap-audit.json'));
    expect(packaged.findings).toEqual(full.report.findings);
    const verified = runCli(['verify', pkg]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });
});
