/**
 * Action step 4: the Markdown summary as a comment on the pull request the event names. Skipped outside
 * pull_request events, when `comment` is false, or when the scan wrote no Markdown.
 */
import { readFileSync } from 'node:fs';
import { githubApi } from './lib.mjs';

const env = process.env;
const event = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
const number = event.pull_request?.number;
if (env.INPUT_COMMENT !== 'true' || !env.MARKDOWN_FILE || !number) {
  process.stdout.write('airgap-audit: pull-request comment skipped\n');
} else {
  const body = readFileSync(env.MARKDOWN_FILE, 'utf8');
  const answer = await githubApi('POST', `/repos/${env.GITHUB_REPOSITORY}/issues/${number}/comments`, { body });
  process.stdout.write(`airgap-audit: commented on #${number} (${answer.html_url ?? 'posted'})\n`);
}
