/**
 * OpenSearch Service collector: domains (OpenSearch and Elasticsearch engines, one API) with encryption
 * at rest and automatic software updates. One listing per region, one DescribeDomains per five domains.
 */
import {
  DescribeDomainsCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { citeDefault, DEFAULTS } from '../model/defaults.js';
import type { DataStore } from '../model/types.js';
import { markUnknown, settleAll, type ScanContext } from './context.js';
import { encryptionUnreadable, unencrypted, withKey, withServiceKey } from './storeFields.js';

const LIST = 'es:ListDomainNames';
const DESCRIBE = 'es:DescribeDomains';
/** DescribeDomains takes at most five names. */
const BATCH = 5;
/** What encrypts a domain with encryption at rest on and no key named (the plan adapter says the same). */
const SERVICE_KEY = 'alias/aws/es';

export async function collectOpenSearch(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('opensearch', region, (config) => new OpenSearchClient(config));
  const a = await ctx.call({ call: LIST, kinds: ['DataStore'], region }, () =>
    client.send(new ListDomainNamesCommand({})),
  );
  if (a.state !== 'ok') return;
  const names = (a.value.DomainNames ?? []).flatMap((d) => d.DomainName ?? []).sort();
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += BATCH) batches.push(names.slice(i, i + BATCH));
  await settleAll(
    batches.map(async (batch) => {
      const arnOf = (name: string): string => `arn:${ctx.partition}:es:${region}:${ctx.account}:domain/${name}`;
      const d = await ctx.call(
        { call: DESCRIBE, kinds: ['DataStore'], region, resource: batch.map(arnOf).join(', '), fieldsOnly: true },
        () => client.send(new DescribeDomainsCommand({ DomainNames: batch })),
      );
      const byName = new Map<string, DomainStatus>();
      if (d.state === 'ok')
        for (const s of d.value.DomainStatusList ?? []) if (s.DomainName) byName.set(s.DomainName, s);
      for (const name of batch) {
        const s = byName.get(name);
        // Deleted since it was listed (not described), or being deleted: as a destroyed plan resource.
        if (d.state === 'ok' && (!s || s.Deleted)) continue;
        ctx.add(domainStore(ctx, region, name, s?.ARN ?? arnOf(name), s));
      }
    }),
  );
}

function domainStore(
  ctx: ScanContext,
  region: string,
  name: string,
  arn: string,
  s: DomainStatus | undefined,
): DataStore {
  const store: DataStore = {
    kind: 'DataStore',
    storeKind: 'opensearch',
    meta: ctx.meta('aws_opensearch_domain', arn, region, {}),
    id: arn,
    arn,
    name,
  };
  if (!s) {
    encryptionUnreadable(store.meta, DESCRIBE);
    markUnknown(store.meta, 'autoSoftwareUpdate', DESCRIBE);
    return store;
  }
  const rest = s.EncryptionAtRestOptions;
  if (rest === undefined) {
    // Not answered at all: the documented default (off) applies, and evidence says it was the default.
    unencrypted(store, DEFAULTS.opensearchEncryption.means, DESCRIBE);
    (store.meta.defaults ??= {}).encrypted = citeDefault(DEFAULTS.opensearchEncryption);
  } else if (rest.Enabled !== true) unencrypted(store, 'encryption at rest off', DESCRIBE);
  else if (rest.KmsKeyId) withKey(store, rest.KmsKeyId, DESCRIBE);
  else withServiceKey(store, SERVICE_KEY, DESCRIBE);
  const auto = s.SoftwareUpdateOptions?.AutoSoftwareUpdateEnabled;
  if (auto !== undefined) {
    store.autoSoftwareUpdate = auto;
    (store.meta.origin ??= {}).autoSoftwareUpdate = DESCRIBE;
  } else {
    store.autoSoftwareUpdate = DEFAULTS.opensearchAutoSoftwareUpdate.value;
    (store.meta.origin ??= {}).autoSoftwareUpdate = `${DESCRIBE} (no SoftwareUpdateOptions answered)`;
    (store.meta.defaults ??= {}).autoSoftwareUpdate = citeDefault(DEFAULTS.opensearchAutoSoftwareUpdate);
  }
  return store;
}
