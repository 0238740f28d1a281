/**
 * Audit buckets: where CloudTrail trails and Bedrock invocation logging deliver, plus the buckets the
 * config names (`auditBuckets`). A destination the input does not manage is still an audit bucket: the
 * rules say they could not assess it rather than skipping it.
 */
import type { AuditConfig } from '../config/config.js';
import { ofKind, resolve, type Inventory } from '../model/inventory.js';
import type { Bucket, Entity, Ref } from '../model/types.js';
import type { ResourceRef } from '../engine/types.js';
import { resourceOf } from '../engine/ruleKit.js';

export interface AuditBucketTarget {
  /** The bucket, when this input manages it. */
  bucket?: Bucket;
  name?: string;
  /** What makes it an audit bucket: `aws_cloudtrail.main`, `config auditBuckets`, ... */
  via: string[];
  /** Account the config places the bucket in (`auditBuckets[].account`). */
  placedAccount?: string;
  /** The trails and logging configurations that deliver to it. */
  sources: Entity[];
}

/** One year is 365 days, as S3 counts Object Lock retention. */
export const DAYS_PER_YEAR = 365;

export function retentionDays(bucket: Bucket): number | undefined {
  if (bucket.objectLockDays !== undefined) return bucket.objectLockDays;
  if (bucket.objectLockYears !== undefined) return bucket.objectLockYears * DAYS_PER_YEAR;
  return undefined;
}

/** The account the workload runs in: the config's, else the default provider's (or live caller's). */
export function workloadAccount(inventory: Inventory, config: AuditConfig): string | undefined {
  return config.workloadAccount ?? inventory.accounts[0];
}

/**
 * The workload accounts whose logs an audit bucket holds. With several accounts read together (a
 * multi-account live scan, several stacks) the first one is no more "the workload" than the others:
 * the workloads are the accounts of the trails and logging configurations that deliver to the bucket.
 * The config's `workloadAccount` still decides when set.
 */
export function workloadAccountsOf(target: AuditBucketTarget, inventory: Inventory, config: AuditConfig): string[] {
  if (config.workloadAccount) return [config.workloadAccount];
  if (inventory.accounts.length > 1) {
    const delivering = [...new Set(target.sources.flatMap((e) => e.meta.account ?? []))].sort();
    if (delivering.length > 0) return delivering;
  }
  const first = inventory.accounts[0];
  return first ? [first] : [];
}

/**
 * Accounts that may hold audit logs: `trustedAccounts`, extended by every account read together with
 * the workload (they are the organization's own). Empty when the config names none: then any account
 * other than the workload's is accepted.
 */
export function trustedLogAccounts(inventory: Inventory, config: AuditConfig): string[] {
  if (config.trustedAccounts.length === 0) return [];
  return [...new Set([...config.trustedAccounts, ...(inventory.accounts.length > 1 ? inventory.accounts : [])])];
}

export function auditBucketTargets(inventory: Inventory, config: AuditConfig): AuditBucketTarget[] {
  const byEntity = new Map<Bucket, AuditBucketTarget>();
  const byName = new Map<string, AuditBucketTarget>();
  const unnamed: AuditBucketTarget[] = [];
  const add = (
    ref: Ref | undefined,
    name: string | undefined,
    via: string,
    placedAccount?: string,
    source?: Entity,
  ): void => {
    const bucket = resolve(inventory, ref, 'Bucket') ?? (name ? resolve(inventory, { id: name }, 'Bucket') : undefined);
    const key = bucket?.bucketName ?? name;
    let target = bucket ? byEntity.get(bucket) : key ? byName.get(key) : undefined;
    if (!target) {
      target = { bucket, name: key, via: [], sources: [] };
      if (bucket) byEntity.set(bucket, target);
      else if (key) byName.set(key, target);
      else unnamed.push(target);
      if (bucket && key) byName.set(key, target);
    }
    if (!target.via.includes(via)) target.via.push(via);
    if (source && !target.sources.includes(source)) target.sources.push(source);
    if (placedAccount) target.placedAccount = placedAccount;
  };
  for (const t of ofKind(inventory, 'Trail'))
    if (t.bucket || t.bucketName) add(t.bucket, t.bucketName, t.meta.address, undefined, t);
  for (const l of ofKind(inventory, 'InvocationLogging'))
    if (l.s3Bucket || l.s3BucketName) add(l.s3Bucket, l.s3BucketName, l.meta.address, undefined, l);
  for (const b of config.auditBuckets) add(undefined, b.name, 'config auditBuckets', b.account);
  return [...new Set([...byEntity.values(), ...byName.values()]), ...unnamed];
}

/** What a finding about an audit bucket names: the managed bucket, or the bucket's ARN. */
export function targetResource(target: AuditBucketTarget): ResourceRef {
  if (target.bucket) return resourceOf(target.bucket);
  const address = target.name ? `arn:aws:s3:::${target.name}` : `${target.via[0]}/s3-bucket`;
  return { address, type: 'aws_s3_bucket', ...(target.placedAccount ? { account: target.placedAccount } : {}) };
}

export function viaText(target: AuditBucketTarget): string {
  return target.via.join(', ');
}
