/**
 * KMS collector: customer-managed keys of one region with their key policy, rotation status and period,
 * aliases and multi-region relations. AWS-managed keys are only remembered by alias (see ScanContext).
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListAliases,
  paginateListKeys,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import type { KmsKey } from '../model/types.js';
import { parsePolicy } from '../policy/policyDocument.js';
import { citeDefault, DEFAULTS } from '../model/defaults.js';
import { markUnreadableMeta } from '../model/values.js';
import { collectPages, markUnknown, settleAll, unreadPolicy, type ScanContext } from './context.js';

const DESCRIBE = 'kms:DescribeKey';
const ALIASES = 'kms:ListAliases';
/**
 * What an AWS managed key whose aliases were not read is named: DescribeKey's KeyManager settles that it
 * is AWS's, but only ListAliases names it (`alias/aws/s3`). The `alias/aws/` prefix is what analysis reads.
 */
const UNNAMED_AWS_KEY = `alias/aws/(name not read: ${ALIASES} failed)`;
const POLICY = 'kms:GetKeyPolicy';
const ROTATION = 'kms:GetKeyRotationStatus';

export async function collectKms(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('kms', region, (config) => new KMSClient(config));
  const [keys, aliases] = await Promise.all([
    ctx.call({ call: 'kms:ListKeys', kinds: ['KmsKey'], region }, () =>
      collectPages(paginateListKeys({ client }, {}), (p) => p.Keys),
    ),
    ctx.call({ call: ALIASES, kinds: ['KmsKey'], region }, () =>
      collectPages(paginateListAliases({ client }, {}), (p) => p.Aliases),
    ),
  ]);
  const aliasesByKey = new Map<string, string[]>();
  if (aliases.state === 'ok') {
    for (const al of aliases.value) {
      if (!al.TargetKeyId || !al.AliasName) continue;
      let list = aliasesByKey.get(al.TargetKeyId);
      if (!list) aliasesByKey.set(al.TargetKeyId, (list = []));
      list.push(al.AliasName);
    }
  }
  if (keys.state !== 'ok') return;
  await settleAll(
    keys.value.map(async (k) => {
      if (!k.KeyId) return;
      const keyId = k.KeyId;
      const arn = k.KeyArn ?? `arn:${ctx.partition}:kms:${region}:${ctx.account}:key/${keyId}`;
      const names = (aliasesByKey.get(keyId) ?? []).sort();
      const awsAlias = names.find((n) => n.startsWith('alias/aws/'));
      if (awsAlias) {
        ctx.awsManagedKeys.set(keyId, awsAlias);
        ctx.awsManagedKeys.set(arn, awsAlias);
        return;
      }
      const d = await ctx.call({ call: DESCRIBE, kinds: ['KmsKey'], region, resource: arn, fieldsOnly: true }, () =>
        client.send(new DescribeKeyCommand({ KeyId: keyId })),
      );
      const md = d.state === 'ok' ? d.value.KeyMetadata : undefined;
      // AWS-managed keys carry an alias/aws/... alias; one without is still not the customer's to judge.
      if (md?.KeyManager === 'AWS') {
        // With the aliases unread, the manager is the only word on it: artefacts on this key are on an AWS key.
        if (aliases.state !== 'ok') {
          ctx.awsManagedKeys.set(keyId, UNNAMED_AWS_KEY);
          ctx.awsManagedKeys.set(arn, UNNAMED_AWS_KEY);
        }
        return;
      }
      // A key scheduled for deletion is on its way out, as a destroyed plan resource is.
      if (md?.KeyState === 'PendingDeletion' || md?.KeyState === 'PendingReplicaDeletion') return;
      const key = baseKey(ctx, region, keyId, arn, names, md);
      if (aliases.state !== 'ok') markUnreadableMeta(key.meta, 'aliases', ALIASES);
      if (!md) {
        // Read aliases without an alias/aws/... one make it a customer-managed key whose policy shuts the
        // scanner out. Without them nothing says whose key it is (a refused DescribeKey may be the scanner's
        // own policy speaking): a key that may be AWS's is never judged the customer's.
        if (aliases.state !== 'ok') markUnreadableMeta(key.meta, 'customerManaged', ALIASES);
        for (const f of ['policy', 'rotationEnabled', 'keySpec', 'multiRegion']) markUnknown(key.meta, f, DESCRIBE);
        key.policy = unreadPolicy(DESCRIBE, d.state === 'failed' ? d.reason : 'no metadata', 'The key policy');
        ctx.add(key);
        return;
      }
      // One after the other, so the entity's fields are filled in one order whatever answers first;
      // keys are still read in parallel with each other.
      await keyPolicy(ctx, client, region, key);
      await rotation(ctx, client, region, key, md);
      ctx.add(key);
      addOutOfScopeReplicas(ctx, key, md);
    }),
  );
}

function baseKey(
  ctx: ScanContext,
  region: string,
  keyId: string,
  arn: string,
  aliases: string[],
  md: KeyMetadata | undefined,
): KmsKey {
  const replica = md?.MultiRegionConfiguration?.MultiRegionKeyType === 'REPLICA';
  const key: KmsKey = {
    kind: 'KmsKey',
    meta: ctx.meta(replica ? 'aws_kms_replica_key' : 'aws_kms_key', arn, region, {
      customerManaged: DESCRIBE,
      keySpec: DESCRIBE,
      keyOrigin: DESCRIBE,
      multiRegion: DESCRIBE,
      aliases: ALIASES,
    }),
    id: keyId,
    arn,
    name: aliases[0],
    customerManaged: true,
    keySpec: md?.KeySpec,
    keyUsage: md?.KeyUsage,
    keyOrigin: md?.Origin,
    multiRegion: md?.MultiRegion,
    // Replaced by the policy GetKeyPolicy answers; every key has one.
    policy: { state: 'absent', origin: POLICY },
    aliases,
  };
  const primary = md?.MultiRegionConfiguration?.PrimaryKey?.Arn;
  if (replica && primary) {
    key.replicaOf = { id: primary };
    (key.meta.origin ??= {}).replicaOf = DESCRIBE;
  }
  return key;
}

async function keyPolicy(ctx: ScanContext, client: KMSClient, region: string, key: KmsKey): Promise<void> {
  const keyId = key.id ?? '';
  const p = await ctx.call({ call: POLICY, kinds: ['KmsKey'], region, resource: key.arn, fieldsOnly: true }, () =>
    client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' })),
  );
  if (p.state === 'ok' && p.value.Policy !== undefined) {
    // Every key has a key policy; KMS writes the default one when the creator gave none.
    key.policy = parsePolicy(p.value.Policy, `${POLICY} ${key.arn}`);
    (key.meta.origin ??= {}).policy = POLICY;
  } else if (p.state === 'failed') {
    markUnknown(key.meta, 'policy', POLICY);
    // An unread policy must not look like "no policy given" (which rules read as the safe default).
    key.policy = unreadPolicy(POLICY, p.reason, 'The key policy');
  }
}

async function rotation(
  ctx: ScanContext,
  client: KMSClient,
  region: string,
  key: KmsKey,
  md: KeyMetadata,
): Promise<void> {
  // Automatic rotation exists only for symmetric keys with KMS-generated material; others answer
  // UnsupportedOperationException, and "not rotated" is the truth for them.
  if (md.KeySpec !== 'SYMMETRIC_DEFAULT' || md.Origin !== 'AWS_KMS') {
    key.rotationEnabled = false;
    (key.meta.origin ??= {}).rotationEnabled = `${DESCRIBE} (KeySpec ${md.KeySpec}, Origin ${md.Origin})`;
    return;
  }
  const keyId = key.id ?? '';
  const r = await ctx.call({ call: ROTATION, kinds: ['KmsKey'], region, resource: key.arn, fieldsOnly: true }, () =>
    client.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
  );
  if (r.state === 'ok') {
    key.rotationEnabled = r.value.KeyRotationEnabled === true;
    const origin = (key.meta.origin ??= {});
    origin.rotationEnabled = ROTATION;
    if (r.value.RotationPeriodInDays !== undefined) {
      key.rotationPeriodDays = r.value.RotationPeriodInDays;
      origin.rotationPeriodDays = ROTATION;
    } else if (key.rotationEnabled) {
      // Keys whose rotation was enabled before custom periods existed rotate yearly.
      key.rotationPeriodDays = DEFAULTS.kmsRotationPeriod.value;
      origin.rotationPeriodDays = `${ROTATION} (no period answered)`;
      (key.meta.defaults ??= {}).rotationPeriodDays = citeDefault(DEFAULTS.kmsRotationPeriod);
    }
  } else if (r.state === 'failed') {
    markUnknown(key.meta, 'rotationEnabled', ROTATION);
  }
}

/**
 * Replicas of a primary key in regions this scan does not cover would be invisible, yet they are where
 * the key material lives (RES-003). They are added from the primary's description, their own policy and
 * rotation unread.
 */
function addOutOfScopeReplicas(ctx: ScanContext, primary: KmsKey, md: KeyMetadata): void {
  if (md.MultiRegionConfiguration?.MultiRegionKeyType !== 'PRIMARY') return;
  for (const r of md.MultiRegionConfiguration.ReplicaKeys ?? []) {
    if (!r.Arn || !r.Region || ctx.settings.regions.includes(r.Region)) continue;
    const replica: KmsKey = {
      kind: 'KmsKey',
      meta: ctx.meta('aws_kms_replica_key', r.Arn, r.Region, {
        replicaOf: `${DESCRIBE} ${primary.arn}`,
        multiRegion: DESCRIBE,
      }),
      id: r.Arn.split('/').pop(),
      arn: r.Arn,
      customerManaged: true,
      keySpec: md.KeySpec,
      keyUsage: md.KeyUsage,
      multiRegion: true,
      replicaOf: { id: primary.arn },
      // Every replica has its own key policy; it lives in a region outside the scan.
      policy: {
        state: 'unreadable',
        call: POLICY,
        origin: `${DESCRIBE} ${primary.arn}`,
        what: `The key policy of replica ${r.Arn} was not read: ${r.Region} is outside the scanned regions`,
      },
      aliases: [],
    };
    markUnreadableMeta(replica.meta, 'policy', `${POLICY} (${r.Region} not scanned)`);
    markUnreadableMeta(replica.meta, 'rotationEnabled', `${ROTATION} (${r.Region} not scanned)`);
    ctx.add(replica);
  }
}
