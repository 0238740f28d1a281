/**
 * What the action's steps share: step outputs through GITHUB_OUTPUT, and calls to the GitHub REST API at
 * GITHUB_API_URL (GitHub Enterprise Server sets its own). Plain Node: the action needs nothing installed.
 */
import { appendFileSync } from 'node:fs';

export function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) throw new Error('GITHUB_OUTPUT is not set: this script runs as a step of the airgap-audit action');
  if (/[\r\n]/.test(value)) throw new Error(`output ${name} holds a line break`);
  appendFileSync(file, `${name}=${value}\n`);
}

export function fail(message) {
  process.stderr.write(`::error title=airgap-audit::${message}\n`);
  process.exit(1);
}

export async function githubApi(method, path, body) {
  const api = process.env.GITHUB_API_URL || 'https://api.github.com';
  const token = process.env.GITHUB_TOKEN;
  if (!token) fail('no github-token: give the action a token with the needed permission');
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-github-api-version': '2022-11-28',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) fail(`${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.json();
}
