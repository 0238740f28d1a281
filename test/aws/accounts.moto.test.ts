/**
 * A multi-account live scan against moto, which serves any account id through the credentials its
 * sts:AssumeRole hands out: a workload account (the caller's), a security account holding the audit
 * bucket, and an account whose role the fault proxy refuses (moto itself assumes any role).
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectAws } from '../../src/aws/collectAws.js';
import { defaultConfig } from '../../src/config/config.js';
import { AWS_SERVICES, type AwsService } from '../../src/aws/collectors.js';
import type { CollectionGap, Inventory } from '../../src/model/inventory.js';
import { assessInventory } from '../../src/scan.js';
import { startFaultProxy, type FaultProxy } from './faultProxy.js';
import { failedGaps } from './gaps.js';
import { isolateAwsEnv, startMoto, type Moto } from './motoServer.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const WORKLOAD = '123456789012';
const SECURITY = '111111111111';
const REFUSED = '222222222222';
const REGION = 'us-east-1';
const ROLE = 'airgap-audit-readonly';
const LOG_BUCKET = 'org-security-audit-logs';
const OWN_BUCKET = 'workload-own-trail-logs';
/** What the scans read; every other service is a gap of each account. */
const SCANNED: readonly AwsService[] = ['iam', 's3', 'cloudtrail'];

let moto: Moto;
let proxy: FaultProxy;
const assumeBodies: string[] = [];

async function securityCredentials(url: string) {
  const sts = new STSClient({ region: REGION, endpoint: url });
  const r = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${SECURITY}:role/deployer`, RoleSessionName: 'deploy' }),
  );
  sts.destroy();
  const c = r.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('moto answered no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

async function deploy(url: string): Promise<void> {
  const security = await securityCredentials(url);
  const s3Security = new S3Client({ region: REGION, endpoint: url, forcePathStyle: true, credentials: security });
  await s3Security.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
  s3Security.destroy();
  // A role in the security account that any principal of the workload account may assume: pinned by
  // aws:PrincipalAccount to an account of the organization only when that account is read too.
  const iamSecurity = new IAMClient({ region: REGION, endpoint: url, credentials: security });
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

  const s3 = new S3Client({ region: REGION, endpoint: url, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: OWN_BUCKET }));
  s3.destroy();
  const trail = new CloudTrailClient({ region: REGION, endpoint: url });
  await trail.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: LOG_BUCKET, IsMultiRegionTrail: true }));
  await trail.send(new CreateTrailCommand({ Name: 'local-trail', S3BucketName: OWN_BUCKET }));
  trail.destroy();
}

beforeAll(async () => {
  isolateAwsEnv();
  moto = await startMoto();
  await deploy(moto.url);
  proxy = await startFaultProxy(moto.url);
  proxy.setFault((req, _attempt, body) => {
    if (req.service !== 'sts' || req.action !== 'AssumeRole') return undefined;
    assumeBodies.push(body);
    const roleArn = new URLSearchParams(body).get('RoleArn') ?? '';
    if (!roleArn.includes(`:${REFUSED}:`)) return undefined;
    return {
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${WORKLOAD}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    };
  });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

describe('a scan of several accounts through an assumed role', () => {
  let inv: Inventory;
  beforeAll(async () => {
    inv = await collectAws({
      endpointUrl: proxy.url,
      regions: [REGION],
      // The security account first: the first account read is not thereby the workload.
      accounts: [SECURITY, WORKLOAD, REFUSED],
      assumeRole: ROLE,
      externalId: 'audit-2026',
      services: SCANNED,
    });
  });

  it('reads each account with its own credentials: the caller directly, the others through the role', () => {
    expect(inv.accounts).toEqual([SECURITY, WORKLOAD, REFUSED]);
    expect(inv.inputs.map((i) => i.path)).toEqual([`aws://${SECURITY}`, `aws://${WORKLOAD}`, `aws://${REFUSED}`]);
    expect(inv.providers.map((p) => p.key)).toEqual([`aws://${SECURITY}/${REGION}`, `aws://${WORKLOAD}/${REGION}`]);
    const roles = assumeBodies.map((b) => new URLSearchParams(b));
    // The caller's own account is never assumed into; each other account once (shared credentials).
    expect(roles.map((r) => r.get('RoleArn')).sort()).toEqual([
      `arn:aws:iam::${SECURITY}:role/${ROLE}`,
      `arn:aws:iam::${REFUSED}:role/${ROLE}`,
    ]);
    for (const r of roles) {
      expect(r.get('ExternalId')).toBe('audit-2026');
      expect(r.get('RoleSessionName')).toBe('airgap-audit');
    }
  });

  it('addresses every entity in its own account', () => {
    const buckets = inv.entities.filter((e) => e.kind === 'Bucket');
    expect(buckets.map((b) => [b.meta.address, b.meta.account]).sort()).toEqual([
      [`arn:aws:s3:::${LOG_BUCKET}`, SECURITY],
      [`arn:aws:s3:::${OWN_BUCKET}`, WORKLOAD],
    ]);
    const role = inv.entities.find((e) => e.kind === 'IamRole' && e.meta.address.endsWith(':role/log-reader'));
    expect(role?.meta.address).toBe(`arn:aws:iam::${SECURITY}:role/log-reader`);
    expect(role?.meta.account).toBe(SECURITY);
  });

  it('turns the refused role into one gap naming the account and sts:AssumeRole', () => {
    const refused = failedGaps(inv).filter((g) => g.account === REFUSED);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ call: 'sts:AssumeRole', reason: 'access-denied', account: REFUSED });
    expect(refused[0]?.detail).toContain(`account ${REFUSED}: cannot assume arn:aws:iam::${REFUSED}:role/${ROLE}`);
    expect(refused[0]?.kinds).toEqual(expect.arrayContaining(['IamRole', 'Bucket', 'Trail']));
    expect(failedGaps(inv).filter((g) => g.account !== REFUSED)).toEqual([]);
  });

  it('names every service --services leaves out as a gap of each account, with the kinds it fills', () => {
    const skipped = inv.gaps.filter((g) => g.reason === 'not-collected');
    for (const account of [SECURITY, WORKLOAD, REFUSED]) {
      const mine = skipped.filter((g) => g.account === account);
      expect(mine.map((g) => g.call).sort()).toEqual(AWS_SERVICES.filter((s) => !SCANNED.includes(s)).sort());
      expect(mine.find((g) => g.call === 'kms')).toMatchObject({ kinds: ['KmsKey'] });
    }
    const report = assessInventory(inv, { config: defaultConfig(), profile: 'baseline', failOn: 'high' });
    const kms = report.findings.find((f) => f.ruleId === 'KMS-002' && f.resource.address === `account/${SECURITY}`);
    expect(kms).toMatchObject({ status: 'not-assessed', reason: 'out-of-scope' });
    expect(kms?.message).toBe(
      `kms not collected in account ${SECURITY}: excluded by --services; what it fills (KmsKey) is not judged`,
    );
  });

  it('judges AUD-001 in each account: a trail in one is no trail in another, a refused account is not failed', () => {
    const report = assessInventory(inv, { config: defaultConfig(), profile: 'baseline', failOn: 'high' });
    const aud = report.findings.filter((f) => f.ruleId === 'AUD-001');
    const at = (address: string) => aud.filter((f) => f.resource.address === address).map((f) => f.status);
    // The security account holds no trail: its absence is its own, not hidden by the workload's trails.
    expect(at(`account/${SECURITY}`)).toEqual(['fail']);
    expect(aud.find((f) => f.resource.address === `account/${SECURITY}`)?.resource.account).toBe(SECURITY);
    // The workload's trails (created without log file validation) are judged as trails; no absence there.
    expect(at(`account/${WORKLOAD}`)).toEqual([]);
    expect(aud.filter((f) => f.resource.account === WORKLOAD).map((f) => f.status)).toEqual(['fail', 'fail']);
    // The refused account: not assessed through its gap, never failed for what could not be read.
    expect(at(`account/${REFUSED}`)).toEqual(['not-assessed']);
  });

  it('judges AUD-006 across the accounts, and reports the refused account not assessed', () => {
    const report = assessInventory(inv, { config: defaultConfig(), profile: 'baseline', failOn: 'high' });
    const aud = report.findings.filter((f) => f.ruleId === 'AUD-006');
    const byBucket = new Map(aud.map((f) => [f.resource.address, f]));
    expect(byBucket.get(`arn:aws:s3:::${LOG_BUCKET}`)?.status).toBe('pass');
    expect(byBucket.get(`arn:aws:s3:::${OWN_BUCKET}`)).toMatchObject({ status: 'fail' });
    const gap = aud.find((f) => f.resource.address === `account/${REFUSED}` && f.message.includes('sts:AssumeRole'));
    expect(gap).toMatchObject({ status: 'not-assessed', reason: 'access-denied' });
    expect(gap?.message).toContain(`sts:AssumeRole failed (access-denied in account ${REFUSED})`);
    // Every rule reading a kind of the refused account says so; none is silently judged without it.
    const unassessed = new Set(
      report.findings.filter((f) => f.resource.address === `account/${REFUSED}`).map((f) => f.ruleId),
    );
    for (const id of ['AUD-006', 'IAM-006']) expect(unassessed).toContain(id);
  });

  it('trusts a principal pinned to another account read together, not one read alone', async () => {
    const together = assessInventory(inv, { config: defaultConfig(), profile: 'baseline', failOn: 'high' });
    const address = `arn:aws:iam::${SECURITY}:role/log-reader`;
    const pinned = together.findings.find((f) => f.ruleId === 'IAM-006' && f.resource.address === address);
    expect(pinned?.status).toBe('pass');
    const alone = await collectAws({
      endpointUrl: proxy.url,
      regions: [REGION],
      accounts: [SECURITY],
      assumeRole: `arn:aws:iam::{account}:role/${ROLE}`,
      services: ['iam'],
    });
    expect(alone.accounts).toEqual([SECURITY]);
    const report = assessInventory(alone, { config: defaultConfig(), profile: 'baseline', failOn: 'high' });
    const single = report.findings.find((f) => f.ruleId === 'IAM-006' && f.resource.address === address);
    expect(single?.status).not.toBe('pass');
  });
});

describe('a sharded run of the same accounts', () => {
  it('reads every entity and gap of the unsharded run exactly once across 3 shards', async () => {
    const options = {
      endpointUrl: proxy.url,
      regions: [REGION, 'eu-west-1'],
      accounts: [SECURITY, WORKLOAD, REFUSED],
      assumeRole: ROLE,
      services: SCANNED,
    };
    const whole = await collectAws(options);
    const shards = await Promise.all([1, 2, 3].map((index) => collectAws({ ...options, shard: { index, count: 3 } })));
    const addresses = (i: Inventory): string[] => i.entities.map((e) => e.meta.address);
    const seen = shards.flatMap(addresses);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(addresses(whole).sort());
    // Each gap once, by the shard that reads the account's global collectors (services left out included).
    const key = (g: CollectionGap) => JSON.stringify(g);
    const gaps = shards.flatMap((s) => s.gaps.map(key));
    expect(gaps.sort()).toEqual(whole.gaps.map(key).sort());
    expect(whole.gaps.filter((g) => g.reason === 'not-collected')).toHaveLength(
      3 * (AWS_SERVICES.length - SCANNED.length),
    );
    const providers = shards.flatMap((s) => s.providers.map((p) => p.key));
    expect(providers.sort()).toEqual(whole.providers.map((p) => p.key).sort());
    expect(shards.map((s) => s.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    const report = assessInventory(shards[0] as Inventory, { config: defaultConfig(), failOn: 'high' });
    expect(report.shard).toEqual({ index: 1, count: 3 });
  });
});

describe('--accounts organizations', () => {
  it("reads the organization's active accounts from the management account", async () => {
    const org = new OrganizationsClient({ region: REGION, endpoint: moto.url });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    await org.send(new CreateAccountCommand({ AccountName: 'logs', Email: 'logs@example.com' }));
    org.destroy();
    const inv = await collectAws({
      endpointUrl: moto.url,
      regions: [REGION],
      accounts: 'organizations',
      assumeRole: ROLE,
      services: ['s3'],
    });
    expect(inv.accounts.length).toBe(2);
    expect(inv.accounts).toContain(WORKLOAD);
    expect([...inv.accounts]).toEqual([...inv.accounts].sort());
    expect(failedGaps(inv)).toEqual([]);
    expect(inv.organizations).toEqual([{ accounts: inv.accounts }]);
  });

  it("passes a member on the management account's organization trail only when the scan shows the membership", async () => {
    const trail = new CloudTrailClient({ region: REGION, endpoint: moto.url });
    await trail.send(
      new CreateTrailCommand({
        Name: 'organization-trail',
        S3BucketName: OWN_BUCKET,
        IsMultiRegionTrail: true,
        IsOrganizationTrail: true,
        EnableLogFileValidation: true,
      }),
    );
    await trail.send(new StartLoggingCommand({ Name: 'organization-trail' }));
    trail.destroy();
    const scan = (accounts: 'organizations' | string[]) =>
      collectAws({ endpointUrl: moto.url, regions: [REGION], accounts, assumeRole: ROLE, services: ['cloudtrail'] });
    const listed = await scan('organizations');
    const member = listed.accounts.find((a) => a !== WORKLOAD) as string;
    const judged = (inv: Inventory) =>
      assessInventory(inv, { config: defaultConfig(), profile: 'baseline', failOn: 'high' }).findings.find(
        (f) => f.ruleId === 'AUD-001' && f.resource.address === `account/${member}`,
      );
    // Listed by organizations:ListAccounts with the management account: the organization trail records it.
    expect(judged(listed)).toMatchObject({ status: 'pass' });
    expect(judged(listed)?.message).toContain(`trail/organization-trail of management account ${WORKLOAD}`);
    // Named by --accounts, the same member: nothing in the scan shows it in that organization.
    const named = await scan([WORKLOAD, member]);
    expect(named.organizations).toEqual([]);
    expect(judged(named)).toMatchObject({ status: 'not-assessed', reason: 'needs-review' });
  });

  it('refuses accounts other than the caller without a role to read them through', async () => {
    await expect(collectAws({ endpointUrl: moto.url, regions: [REGION], accounts: [SECURITY] })).rejects.toThrow(
      /give --assume-role/,
    );
  });
});
