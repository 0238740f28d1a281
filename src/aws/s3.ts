/**
 * S3 collector: the account's buckets in the scanned regions, each read at its own region's endpoint:
 * default encryption, Object Lock configuration, bucket policy, public access block, versioning.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Bucket } from '../model/types.js';
import { citeDefault, DEFAULTS } from '../model/defaults.js';
import { parsePolicy } from '../policy/policyDocument.js';
import { collectPages, markUnknown, settleAll, unreadPolicy, type ScanContext } from './context.js';

/** The "not configured" answers of S3: each means the setting is absent, which is data for the rules. */
export const S3_NOT_CONFIGURED = {
  encryption: 'ServerSideEncryptionConfigurationNotFoundError',
  objectLock: 'ObjectLockConfigurationNotFoundError',
  policy: 'NoSuchBucketPolicy',
  publicAccessBlock: 'NoSuchPublicAccessBlockConfiguration',
} as const;

function s3Client(ctx: ScanContext, region: string): S3Client {
  return ctx.client('s3', region, (config) => {
    // An emulator or proxy behind one URL cannot serve virtual-hosted bucket names.
    const forcePathStyle = ctx.settings.endpointUrl !== undefined;
    return new S3Client({ ...config, forcePathStyle, followRegionRedirects: true });
  });
}

/** GetBucketLocation's legacy answers: empty means us-east-1, `EU` means eu-west-1. */
function locationRegion(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

export async function collectS3(ctx: ScanContext): Promise<void> {
  const home = ctx.settings.homeRegion;
  const list = await ctx.call({ call: 's3:ListAllMyBuckets', kinds: ['Bucket'], region: home }, () =>
    collectPages(paginateListBuckets({ client: s3Client(ctx, home) }, {}), (p) => p.Buckets),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (b) => {
      if (!b.Name) return;
      const name = b.Name;
      let region = b.BucketRegion;
      if (!region) {
        const loc = await ctx.call(
          { call: 's3:GetBucketLocation', kinds: ['Bucket'], region: home, resource: name },
          () => s3Client(ctx, home).send(new GetBucketLocationCommand({ Bucket: name })),
        );
        if (loc.state !== 'ok') return;
        region = locationRegion(loc.value.LocationConstraint);
      }
      // Buckets in regions outside the scan are out of its scope, like every other resource there.
      if (!ctx.settings.regions.includes(region)) return;
      ctx.add(await bucket(ctx, name, region));
    }),
  );
}

async function bucket(ctx: ScanContext, name: string, region: string): Promise<Bucket> {
  const client = s3Client(ctx, region);
  const arn = `arn:${ctx.partition}:s3:::${name}`;
  const b: Bucket = {
    kind: 'Bucket',
    meta: ctx.meta('aws_s3_bucket', arn, region, {}),
    id: name,
    arn,
    name,
    bucketName: name,
  };
  const origin = (b.meta.origin ??= {});
  const spec = (call: string, absent?: string) => ({
    call,
    kinds: ['Bucket' as const],
    region,
    resource: arn,
    fieldsOnly: true,
    absent: absent ? [absent] : undefined,
  });
  const [enc, lock, policy, pab, versioning] = await Promise.all([
    ctx.call(spec('s3:GetEncryptionConfiguration', S3_NOT_CONFIGURED.encryption), () =>
      client.send(new GetBucketEncryptionCommand({ Bucket: name })),
    ),
    ctx.call(spec('s3:GetBucketObjectLockConfiguration', S3_NOT_CONFIGURED.objectLock), () =>
      client.send(new GetObjectLockConfigurationCommand({ Bucket: name })),
    ),
    ctx.call(spec('s3:GetBucketPolicy', S3_NOT_CONFIGURED.policy), () =>
      client.send(new GetBucketPolicyCommand({ Bucket: name })),
    ),
    ctx.call(spec('s3:GetBucketPublicAccessBlock', S3_NOT_CONFIGURED.publicAccessBlock), () =>
      client.send(new GetPublicAccessBlockCommand({ Bucket: name })),
    ),
    ctx.call(spec('s3:GetBucketVersioning'), () => client.send(new GetBucketVersioningCommand({ Bucket: name }))),
  ]);

  if (enc.state === 'ok') {
    const rule = enc.value.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    b.sseAlgorithm = rule?.SSEAlgorithm;
    if (rule?.KMSMasterKeyID) b.kmsKey = { id: rule.KMSMasterKeyID };
    origin.sseAlgorithm = origin.kmsKey = 's3:GetEncryptionConfiguration';
  } else if (enc.state === 'failed') {
    markUnknown(b.meta, 'sseAlgorithm', enc.call);
    markUnknown(b.meta, 'kmsKey', enc.call);
  } else {
    // Since January 2023 S3 encrypts every new object with SSE-S3 when a bucket names nothing else; the
    // plan adapter reads an unset configuration the same way.
    b.sseAlgorithm = DEFAULTS.s3DefaultEncryption.value;
    origin.sseAlgorithm = `s3:GetEncryptionConfiguration (${enc.code}: S3 default encryption, SSE-S3)`;
    (b.meta.defaults ??= {}).sseAlgorithm = citeDefault(DEFAULTS.s3DefaultEncryption);
  }

  if (lock.state === 'ok') {
    const cfg = lock.value.ObjectLockConfiguration;
    b.objectLockEnabled = cfg?.ObjectLockEnabled === 'Enabled';
    const retention = cfg?.Rule?.DefaultRetention;
    if (retention?.Mode) b.objectLockMode = retention.Mode;
    // A default retention names days or years, never both; zero is no valid period (some emulators
    // answer it for the one not set), so only positive values count.
    if (retention?.Days !== undefined && retention.Days > 0) b.objectLockDays = retention.Days;
    if (retention?.Years !== undefined && retention.Years > 0) b.objectLockYears = retention.Years;
    for (const f of ['objectLockEnabled', 'objectLockMode', 'objectLockDays', 'objectLockYears']) origin[f] = lock.call;
  } else if (lock.state === 'absent') {
    b.objectLockEnabled = false;
    origin.objectLockEnabled = `${lock.call} (${lock.code})`;
  } else
    for (const f of ['objectLockEnabled', 'objectLockMode', 'objectLockDays', 'objectLockYears'])
      markUnknown(b.meta, f, lock.call);

  if (policy.state === 'ok' && policy.value.Policy !== undefined) {
    b.policy = parsePolicy(policy.value.Policy, `s3:GetBucketPolicy ${name}`);
    origin.policy = 's3:GetBucketPolicy';
  } else if (policy.state === 'failed') {
    // An unread policy must not look like "no bucket policy" (which AUD-005 fails).
    markUnknown(b.meta, 'policy', policy.call);
    b.policy = unreadPolicy(policy.call, policy.reason, 'The bucket policy');
  } else origin.policy = `s3:GetBucketPolicy (${policy.state === 'absent' ? policy.code : 'empty'})`;

  if (pab.state === 'ok') {
    const c = pab.value.PublicAccessBlockConfiguration;
    b.publicAccessBlock = {
      blockPublicAcls: c?.BlockPublicAcls,
      blockPublicPolicy: c?.BlockPublicPolicy,
      ignorePublicAcls: c?.IgnorePublicAcls,
      restrictPublicBuckets: c?.RestrictPublicBuckets,
    };
    origin.publicAccessBlock = pab.call;
  } else if (pab.state === 'failed') markUnknown(b.meta, 'publicAccessBlock', pab.call);
  else origin.publicAccessBlock = `${pab.call} (${pab.code})`;

  if (versioning.state === 'ok') {
    // A bucket whose versioning was never enabled answers no Status at all.
    b.versioning = versioning.value.Status ?? 'Disabled';
    origin.versioning = versioning.call;
  } else markUnknown(b.meta, 'versioning', versioning.call);
  return b;
}
