/**
 * Lambda collector: functions with their VPC attachment, layers, runtime, container image and runtime
 * management (update) mode.
 */
import {
  GetFunctionCommand,
  GetRuntimeManagementConfigCommand,
  LambdaClient,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import type { ComputeWorkload } from '../model/types.js';
import { collectPages, markUnknown, settleAll, type ScanContext } from './context.js';

const LIST = 'lambda:ListFunctions';
const RUNTIME = 'lambda:GetRuntimeManagementConfig';
const GET = 'lambda:GetFunction';

export async function collectLambda(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('lambda', region, (config) => new LambdaClient(config));
  const a = await ctx.call({ call: LIST, kinds: ['ComputeWorkload'], region }, () =>
    collectPages(paginateListFunctions({ client }, {}), (p) => p.Functions),
  );
  if (a.state !== 'ok') return;
  await settleAll(
    a.value.map(async (f) => {
      if (!f.FunctionArn || !f.FunctionName) return;
      const name = f.FunctionName;
      const arn = f.FunctionArn;
      // The API answers an empty VpcConfig for functions outside a VPC; only a VPC id means attached.
      const vpcConfigured = !!f.VpcConfig?.VpcId;
      const fn: ComputeWorkload = {
        kind: 'ComputeWorkload',
        computeKind: 'lambda',
        meta: ctx.meta('aws_lambda_function', arn, region, {
          vpcConfigured: LIST,
          subnets: LIST,
          securityGroups: LIST,
          runtime: LIST,
          layers: LIST,
        }),
        id: name,
        arn,
        name,
        vpcConfigured,
        subnets: vpcConfigured ? (f.VpcConfig?.SubnetIds ?? []).map((id) => ({ id })) : [],
        securityGroups: vpcConfigured ? (f.VpcConfig?.SecurityGroupIds ?? []).map((id) => ({ id })) : [],
        runtime: f.Runtime,
        layers: (f.Layers ?? []).flatMap((l) => l.Arn ?? []),
      };
      const origin = (fn.meta.origin ??= {});
      const jobs: Array<Promise<void>> = [];
      // Container-image functions (no runtime) have no managed runtime to update.
      if (f.PackageType !== 'Image') {
        jobs.push(
          ctx
            .call({ call: RUNTIME, kinds: ['ComputeWorkload'], region, resource: arn, fieldsOnly: true }, () =>
              client.send(new GetRuntimeManagementConfigCommand({ FunctionName: arn })),
            )
            .then((r) => {
              if (r.state === 'ok') {
                fn.runtimeUpdateMode = r.value.UpdateRuntimeOn;
                origin.runtimeUpdateMode = RUNTIME;
              } else markUnknown(fn.meta, 'runtimeUpdateMode', RUNTIME);
            }),
        );
      } else {
        // ListFunctions does not tell the image; GetFunction does.
        jobs.push(
          ctx
            .call({ call: GET, kinds: ['ComputeWorkload'], region, resource: arn, fieldsOnly: true }, () =>
              client.send(new GetFunctionCommand({ FunctionName: arn })),
            )
            .then((g) => {
              if (g.state === 'ok') {
                fn.imageUri = g.value.Code?.ImageUri;
                origin.imageUri = GET;
              } else markUnknown(fn.meta, 'imageUri', GET);
            }),
        );
      }
      await settleAll(jobs);
      ctx.add(fn);
    }),
  );
}
