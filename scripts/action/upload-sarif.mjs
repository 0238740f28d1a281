/**
 * Action step 3: the SARIF file to GitHub code scanning (REST: POST /repos/{repo}/code-scanning/sarifs,
 * gzip + base64), for the commit and ref under test. Skipped when `upload-sarif` is false or the scan wrote none.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { githubApi } from './lib.mjs';

const env = process.env;
if (env.INPUT_UPLOAD_SARIF !== 'true' || !env.SARIF_FILE) {
  process.stdout.write('airgap-audit: SARIF upload skipped\n');
} else {
  const sarif = gzipSync(readFileSync(env.SARIF_FILE)).toString('base64');
  const answer = await githubApi('POST', `/repos/${env.GITHUB_REPOSITORY}/code-scanning/sarifs`, {
    commit_sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    sarif,
    tool_name: 'airgap-audit',
  });
  process.stdout.write(`airgap-audit: SARIF uploaded (${answer.id ?? 'accepted'})\n`);
}
