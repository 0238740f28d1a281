/**
 * CodeArtifact collector: repositories with their external connections (public package registries such
 * as npmjs or PyPI), as the plan adapter models `aws_codeartifact_repository` (DEP-004): one artefact
 * source per repository, located at its first external connection, none meaning nothing external.
 * Spoken through the service's REST JSON protocol (jsonProtocol.ts).
 */
import type { ArtifactSource } from '../model/types.js';
import { markUnknown, settleAll, type ScanContext } from './context.js';
import { CODEARTIFACT, JsonProtocolClient, jsonObjects, jsonPages, jsonString } from './jsonProtocol.js';

const LIST = 'codeartifact:ListRepositories';
const DESCRIBE = 'codeartifact:DescribeRepository';

/** The operations this collector sends: the permissions test reads them (no SDK import names them). */
export const CODEARTIFACT_OPERATIONS = [LIST, DESCRIBE] as const;

type Json = Record<string, unknown>;

export async function collectCodeArtifact(ctx: ScanContext, region: string): Promise<void> {
  const client = ctx.client('codeartifact', region, (config) => new JsonProtocolClient(CODEARTIFACT, config));
  const list = await ctx.call({ call: LIST, kinds: ['ArtifactSource'], region }, () =>
    jsonPages(
      client,
      { operation: 'ListRepositories', method: 'POST', path: '/v1/repositories', query: { 'max-results': '100' } },
      (p) => jsonObjects(p.repositories),
      'query',
    ),
  );
  if (list.state !== 'ok') return;
  await settleAll(
    list.value.map(async (r) => {
      const name = jsonString(r.name);
      const domain = jsonString(r.domainName);
      const arn = jsonString(r.arn);
      if (!name || !domain || !arn) return;
      const owner = jsonString(r.domainOwner) ?? ctx.account;
      const a: ArtifactSource = {
        kind: 'ArtifactSource',
        meta: ctx.meta('aws_codeartifact_repository', arn, region, {}, jsonString(r.administratorAccount)),
        id: arn,
        arn,
        name,
        artifactKind: 'codeartifact-external',
      };
      const d = await ctx.call(
        { call: DESCRIBE, kinds: ['ArtifactSource'], region, resource: arn, fieldsOnly: true },
        () =>
          client.send({
            operation: 'DescribeRepository',
            method: 'GET',
            path: '/v1/repository',
            query: { domain, 'domain-owner': owner, repository: name },
          }),
      );
      const repo = d.state === 'ok' ? (d.value as Json).repository : undefined;
      if (repo && typeof repo === 'object' && !Array.isArray(repo)) {
        const connections = jsonObjects((repo as Json).externalConnections).flatMap(
          (c) => jsonString(c.externalConnectionName) ?? [],
        );
        a.location = connections[0];
        (a.meta.origin ??= {}).location = DESCRIBE;
      } else {
        // An unread repository may still connect to a public registry: its location is unknown, never "none".
        markUnknown(a.meta, 'location', DESCRIBE);
      }
      ctx.add(a);
    }),
  );
}
