/**
 * EBS collector: volumes with the key that encrypts them, and the account's encryption-by-default
 * setting of the region. A live volume answers its own encryption (the setting applied when it was
 * created); the account setting is what decides for volumes created from now on, so an unencrypted
 * volume's evidence says whether the region still creates unencrypted ones. The default key is only
 * asked for when encryption by default is on: it decides nothing otherwise.
 */
import {
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import type { DataStore } from '../model/types.js';
import { collectPages, type ScanContext, tagsOf } from './context.js';
import { ec2Client } from './ec2Network.js';
import { unencrypted, withKey } from './storeFields.js';

const VOLUMES = 'ec2:DescribeVolumes';
const BY_DEFAULT = 'ec2:GetEbsEncryptionByDefault';
const DEFAULT_KEY = 'ec2:GetEbsDefaultKmsKeyId';

/** Volumes on their way out, as a destroyed plan resource is. */
const GONE = new Set(['deleting', 'deleted']);

export async function collectEbs(ctx: ScanContext, region: string): Promise<void> {
  const client = ec2Client(ctx, region);
  const [volumes, byDefault] = await Promise.all([
    ctx.call({ call: VOLUMES, kinds: ['DataStore'], region }, () =>
      collectPages(paginateDescribeVolumes({ client }, {}), (p) => p.Volumes),
    ),
    // Only evidence for volumes that already answer their own encryption: a refusal names no kinds.
    ctx.call({ call: BY_DEFAULT, kinds: ['DataStore'], region, fieldsOnly: true }, () =>
      client.send(new GetEbsEncryptionByDefaultCommand({})),
    ),
  ]);
  const on = byDefault.state === 'ok' ? byDefault.value.EbsEncryptionByDefault : undefined;
  let defaultKey: string | undefined;
  if (on === true) {
    const k = await ctx.call({ call: DEFAULT_KEY, kinds: ['DataStore'], region, fieldsOnly: true }, () =>
      client.send(new GetEbsDefaultKmsKeyIdCommand({})),
    );
    if (k.state === 'ok') defaultKey = k.value.KmsKeyId;
  }
  if (volumes.state !== 'ok') return;
  const setting =
    on === undefined
      ? undefined
      : on
        ? `EBS encryption by default is on in ${region}${defaultKey ? ` (default key ${defaultKey})` : ''}; this volume predates it`
        : `EBS encryption by default is off in ${region}`;
  for (const v of volumes.value) {
    if (!v.VolumeId || GONE.has(v.State ?? '')) continue;
    const arn = ctx.ec2Arn(region, 'volume', v.VolumeId);
    const tags = tagsOf(v.Tags);
    const store: DataStore = {
      kind: 'DataStore',
      storeKind: 'ebs',
      meta: ctx.meta('aws_ebs_volume', arn, region, {}),
      id: v.VolumeId,
      arn,
      name: tags?.Name,
      tags,
    };
    if (v.Encrypted && v.KmsKeyId) withKey(store, v.KmsKeyId, VOLUMES);
    else if (v.Encrypted === false) {
      unencrypted(store, setting ? `none (${setting})` : 'none', VOLUMES);
      if (setting) (store.meta.origin ??= {}).defaultEncryption = on ? `${BY_DEFAULT}, ${DEFAULT_KEY}` : BY_DEFAULT;
    }
    // Encrypted without a key named does not occur (every encrypted volume answers its key); nothing is
    // claimed then, and KMS-001 says the input does not tell.
    ctx.add(store);
  }
}
