/**
 * CloudTrail collector: trails with their logging status and event selectors (classic and advanced).
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedEventSelector,
  type EventSelector,
} from '@aws-sdk/client-cloudtrail';
import type { Trail } from '../model/types.js';
import { markUnknown, settleAll, type ScanContext } from './context.js';

const DESCRIBE = 'cloudtrail:DescribeTrails';
const STATUS = 'cloudtrail:GetTrailStatus';
const SELECTORS = 'cloudtrail:GetEventSelectors';

/**
 * Whether this region reports the trail. A multi-region (or organization) trail shows up in every region;
 * it is kept in its home region, or - when its home region is not scanned - wherever it is seen (the scan
 * keeps one copy per ARN), so a trail created elsewhere (an organization trail of the management account)
 * is still seen.
 */
function reportsHere(ctx: ScanContext, region: string, home: string | undefined): boolean {
  return !home || home === region || !ctx.settings.regions.includes(home);
}

function classicSelectors(list: EventSelector[] | undefined): Trail['eventSelectors'] {
  return (list ?? []).map((s) => ({
    readWriteType: s.ReadWriteType,
    includeManagementEvents: s.IncludeManagementEvents,
    dataResourceTypes: (s.DataResources ?? []).flatMap((r) => r.Type ?? []),
  }));
}

function advancedSelectors(list: AdvancedEventSelector[] | undefined): Trail['advancedEventSelectors'] {
  return (list ?? []).map((s) => ({
    name: s.Name,
    fieldSelectors: (s.FieldSelectors ?? []).map((f) => {
      const out: Trail['advancedEventSelectors'][number]['fieldSelectors'][number] = { field: f.Field ?? '' };
      if (f.Equals) out.equals = f.Equals;
      if (f.NotEquals) out.notEquals = f.NotEquals;
      if (f.StartsWith) out.startsWith = f.StartsWith;
      if (f.EndsWith) out.endsWith = f.EndsWith;
      if (f.NotStartsWith) out.notStartsWith = f.NotStartsWith;
      if (f.NotEndsWith) out.notEndsWith = f.NotEndsWith;
      return out;
    }),
  }));
}

export async function collectCloudTrail(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('cloudtrail', region, (config) => new CloudTrailClient(config));
  // DescribeTrails answers every trail at once (no pagination); shadow trails are how other regions'
  // multi-region and organization trails appear.
  const a = await ctx.call({ call: DESCRIBE, kinds: ['Trail'], region }, () =>
    client.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
  );
  if (a.state !== 'ok') return;
  await settleAll(
    (a.value.trailList ?? []).map(async (t) => {
      if (!t.TrailARN || !reportsHere(ctx, region, t.HomeRegion)) return;
      const arn = t.TrailARN;
      const home = t.HomeRegion ?? region;
      // An organization trail belongs to the management account, whose id sits in the ARN.
      const owner = arn.split(':')[4] || undefined;
      const trail: Trail = {
        kind: 'Trail',
        meta: ctx.meta(
          'aws_cloudtrail',
          arn,
          home,
          {
            bucket: DESCRIBE,
            multiRegion: DESCRIBE,
            logFileValidation: DESCRIBE,
            includeGlobalEvents: DESCRIBE,
            kmsKey: DESCRIBE,
          },
          owner,
        ),
        id: t.Name,
        arn,
        name: t.Name,
        bucket: t.S3BucketName ? { id: t.S3BucketName } : undefined,
        bucketName: t.S3BucketName,
        multiRegion: t.IsMultiRegionTrail,
        logFileValidation: t.LogFileValidationEnabled,
        includeGlobalEvents: t.IncludeGlobalServiceEvents,
        isOrganizationTrail: t.IsOrganizationTrail,
        kmsKey: t.KmsKeyId ? { id: t.KmsKeyId } : undefined,
        eventSelectors: [],
        advancedEventSelectors: [],
      };
      const [status, selectors] = await Promise.all([
        ctx.call({ call: STATUS, kinds: ['Trail'], region, resource: arn, fieldsOnly: true }, () =>
          client.send(new GetTrailStatusCommand({ Name: arn })),
        ),
        ctx.call({ call: SELECTORS, kinds: ['Trail'], region, resource: arn, fieldsOnly: true }, () =>
          client.send(new GetEventSelectorsCommand({ TrailName: arn })),
        ),
      ]);
      const origin = (trail.meta.origin ??= {});
      if (status.state === 'ok') {
        trail.logging = status.value.IsLogging;
        origin.logging = STATUS;
      } else markUnknown(trail.meta, 'logging', STATUS);
      if (selectors.state === 'ok') {
        trail.eventSelectors = classicSelectors(selectors.value.EventSelectors);
        trail.advancedEventSelectors = advancedSelectors(selectors.value.AdvancedEventSelectors);
        origin.eventSelectors = SELECTORS;
        origin.advancedEventSelectors = SELECTORS;
      } else {
        markUnknown(trail.meta, 'eventSelectors', SELECTORS);
        markUnknown(trail.meta, 'advancedEventSelectors', SELECTORS);
      }
      ctx.add(trail);
    }),
  );
}
