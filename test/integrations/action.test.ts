/**
 * The GitHub Action as a runner runs it (githubRunner.ts): from the action's own checkout on a pull request
 * (SARIF uploaded, Markdown commented and written to the job summary, the job failing on findings), and from
 * the offline tarball on a push with no registry reachable. The GitHub API is a local server that records
 * what the action sends.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { packedTarball } from '../support/tarball.js';
import { errorsOf, sarifValidator } from '../report/validators.js';
import { runCompositeAction } from './githubRunner.js';

interface Recorded {
  method: string;
  url: string;
  authorization: string;
  body: Record<string, unknown>;
}

const examples = join(repoRoot, 'fixtures', 'examples');
let server: Server;
let apiUrl = '';
const requests: Recorded[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        body: JSON.parse(body || '{}'),
      });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'sarif-1', html_url: 'https://github.example/acme/infra/pull/7#c1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => server?.close());

/** A workspace with the example plans and config, and the variables a runner sets for a job. */
function runner(event: string, payload: unknown): { env: Record<string, string>; workspace: string } {
  const root = mkdtempSync(join(tmpdir(), 'airgap-gha-'));
  const workspace = join(root, 'workspace');
  mkdirSync(workspace);
  for (const f of ['bedrock-looks-private.plan.json', 'bedrock-airgapped.plan.json', 'airgap-audit.config.json'])
    copyFileSync(join(examples, f), join(workspace, f));
  const eventPath = join(root, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  const summary = join(root, 'step-summary.md');
  writeFileSync(summary, '');
  const temp = join(root, 'runner-temp');
  mkdirSync(temp);
  return {
    workspace,
    env: {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: event === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
      GITHUB_API_URL: apiUrl,
      GITHUB_TOKEN: 'ghs_test_token',
      RUNNER_TEMP: temp,
      // The offline path: no registry, an empty cache.
      npm_config_registry: 'http://127.0.0.1:9',
      npm_config_cache: join(root, 'empty-cache'),
    },
  };
}

describe('GitHub Action (action.yml)', () => {
  it('on a pull request: scans from its own checkout, uploads SARIF, comments, summarises and fails the job', async () => {
    requests.length = 0;
    const { env, workspace } = runner('pull_request', { pull_request: { number: 7 } });
    const job = await runCompositeAction(repoRoot, { plan: 'bedrock-looks-private.plan.json' }, env);
    expect(job.code, job.log).toBe(1);
    expect(job.outputs.scan['exit-code']).toBe('1');
    expect(job.log).toContain('findings fail the gate');

    const upload = requests.find((r) => r.url === '/repos/acme/infra/code-scanning/sarifs');
    expect(upload).toMatchObject({ method: 'POST', authorization: 'Bearer ghs_test_token' });
    expect(upload?.body).toMatchObject({
      commit_sha: 'a'.repeat(40),
      ref: 'refs/pull/7/merge',
      tool_name: 'airgap-audit',
    });
    const sarif = JSON.parse(gunzipSync(Buffer.from(String(upload?.body.sarif), 'base64')).toString('utf8'));
    const validate = sarifValidator();
    expect(validate(sarif), errorsOf(validate)).toBe(true);
    expect(sarif.runs[0].results.length).toBeGreaterThan(40);

    const comment = requests.find((r) => r.url === '/repos/acme/infra/issues/7/comments');
    // The comment and the job summary lead with the air-gap answer, then the gate's verdict.
    expect(String(comment?.body.body)).toMatch(/^## airgap-audit: ❌ air-gappable: no/);
    expect(String(comment?.body.body)).toContain('❌ **Gate FAIL');
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/^## airgap-audit: ❌ air-gappable: no/);
    expect(readFileSync(join(workspace, 'airgap-audit-results', 'manifest.json'), 'utf8')).toContain(
      'airgap-audit.junit.xml',
    );
  }, 120_000);

  it('from the offline tarball on a push: installs with no registry, passes, uploads SARIF and does not comment', async () => {
    requests.length = 0;
    const { env, workspace } = runner('push', { ref: 'refs/heads/main' });
    const tarball = join(workspace, 'vendor', 'airgap-audit.tgz');
    mkdirSync(join(workspace, 'vendor'));
    copyFileSync(await packedTarball(), tarball);
    const job = await runCompositeAction(
      repoRoot,
      {
        plan: 'bedrock-airgapped.plan.json',
        config: 'airgap-audit.config.json',
        tarball: 'vendor/airgap-audit.tgz',
        'fail-on': 'low',
      },
      env,
    );
    expect(job.code, job.log).toBe(0);
    expect(job.outputs.install.bin).toBe(
      join(env.RUNNER_TEMP, 'airgap-audit-install', 'node_modules', 'airgap-audit', 'dist', 'src', 'cli.js'),
    );
    expect(requests.map((r) => r.url)).toEqual(['/repos/acme/infra/code-scanning/sarifs']);
    expect(job.log).toContain('pull-request comment skipped');
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain('✅ **Gate PASS');
  }, 600_000);

  it('stops with exit 2 on a bad input, after the evidence steps', async () => {
    requests.length = 0;
    const { env } = runner('push', {});
    const job = await runCompositeAction(repoRoot, { plan: 'missing.plan.json', 'upload-sarif': 'false' }, env);
    expect(job.code).toBe(2);
    expect(job.log).toMatch(/airgap-audit: missing\.plan\.json: .*ENOENT|no such file/);
    expect(requests).toEqual([]);
  }, 120_000);
});
