/**
 * The GitLab CI template as a runner runs it: the `.airgap-audit` job's variables (template defaults, then the
 * extending job's), its script in one shell in the project directory, the offline tarball installed with
 * `npm install -g` (prefix in a scratch directory, no registry, an empty cache), and the artifacts it names.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { packedTarball } from '../support/tarball.js';
import { readYaml } from './yaml.js';

interface Job {
  image: string;
  variables: Record<string, string>;
  script: string[];
  artifacts: { when: string; paths: string[]; reports: { junit: string } };
}

const template = readYaml(join(repoRoot, 'ci-templates', 'gitlab', 'airgap-audit.gitlab-ci.yml')) as Record<
  string,
  Job
>;
const job = template['.airgap-audit'];
const examples = join(repoRoot, 'fixtures', 'examples');

function expandVars(text: string, vars: Record<string, string>): string {
  return text.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_m, name: string) => vars[name] ?? '');
}

describe('GitLab CI template', () => {
  it('installs the offline tarball, scans, keeps the evidence and the JUnit report, and fails on findings', async () => {
    const project = mkdtempSync(join(tmpdir(), 'airgap-gitlab-'));
    mkdirSync(join(project, 'vendor'));
    copyFileSync(await packedTarball(), join(project, 'vendor', 'airgap-audit.tgz'));
    copyFileSync(join(examples, 'bedrock-looks-private.plan.json'), join(project, 'plan.json'));
    const prefix = join(project, '.npm-global');
    const variables = { ...job.variables, AIRGAP_AUDIT_TARBALL: 'vendor/airgap-audit.tgz' };
    const r = spawnSync('sh', ['-c', job.script.join('\n')], {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...variables,
        CI: 'true',
        GITLAB_CI: 'true',
        CI_PROJECT_DIR: project,
        NO_COLOR: '1',
        npm_config_prefix: prefix,
        npm_config_registry: 'http://127.0.0.1:9',
        npm_config_cache: join(project, '.empty-cache'),
        PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH}`,
      },
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('FAIL CRITICAL NET-001 module.network.aws_internet_gateway.this');
    const junit = join(project, expandVars(job.artifacts.reports.junit, variables));
    expect(readFileSync(junit, 'utf8')).toMatch(/^<\?xml/);
    for (const p of job.artifacts.paths) expect(existsSync(join(project, expandVars(p, variables)))).toBe(true);
    expect(job.artifacts.when).toBe('always');
    expect(existsSync(join(project, 'airgap-audit-results', 'manifest.json'))).toBe(true);
  }, 600_000);

  it('says what to set when neither a tarball nor a source repository is given', () => {
    const r = spawnSync('sh', ['-c', job.script.join('\n')], {
      cwd: mkdtempSync(join(tmpdir(), 'airgap-gitlab-')),
      encoding: 'utf8',
      env: { ...process.env, ...job.variables },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('set AIRGAP_AUDIT_TARBALL (offline tarball) or AIRGAP_AUDIT_REPO (source to build)');
  });
});
