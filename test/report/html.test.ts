/**
 * The HTML report in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the
 * summary renders, nothing is fetched, nothing logs an error, and print media breaks pages per section.
 * The JUnit XML is parsed by the same browser's XML parser to prove it well-formed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { HOSTILE, sampleReport } from './fixtures.js';

// scripts/test sets CHROMIUM_PATH to the browser it found or installed.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('HTML evidence report', () => {
  const html = renderHtml(sampleReport());

  it('is self-contained: no script, link, remote source or url() anywhere', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/\s(src|href|srcset|action|poster)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain('airgap-audit 0.1.0');
  });

  describe('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('renders the summary with no console errors and no request but the document', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aga-html-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, html);
      const documentUrl = pathToFileURL(file).href;
      const context = await browser.newContext({ offline: true });
      const requests: string[] = [];
      const blocked: string[] = [];
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === documentUrl) await route.continue();
        else {
          blocked.push(url);
          await route.abort();
        }
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(documentUrl, { waitUntil: 'load' });

      await expect.poll(() => page.locator('#summary').isVisible()).toBe(true);
      expect(await page.locator('#verdict').textContent()).toContain('FAIL');
      expect(await page.locator('section').count()).toBe(5);
      // The hostile string arrives as text, not markup.
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('#findings').textContent()).toContain('<script>alert(1)</script>');
      expect(problems).toEqual([]);
      expect(blocked).toEqual([]);
      expect(requests).toEqual([documentUrl]);

      await page.emulateMedia({ media: 'print' });
      const breaks = await page.$$eval('section', (sections) => sections.map((s) => getComputedStyle(s).breakBefore));
      expect(breaks).toEqual(['auto', 'page', 'page', 'page', 'page']);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await context.close();
    }, 60_000);

    it('parses the JUnit XML as well-formed XML', async () => {
      const page = await browser.newPage();
      const xml = renderJunit(sampleReport());
      const result = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const error = doc.getElementsByTagName('parsererror')[0];
        return {
          error: error?.textContent ?? null,
          suites: doc.getElementsByTagName('testsuite').length,
          names: [...doc.getElementsByTagName('testcase')].map((t) => t.getAttribute('name')),
        };
      }, xml);
      expect(result.error).toBeNull();
      expect(result.suites).toBe(4);
      expect(result.names.some((n) => n?.includes('<script>alert(1)</script> & "q"'))).toBe(true);
      expect(HOSTILE).toContain('\u0001');
      await page.close();
    }, 60_000);
  });
});
