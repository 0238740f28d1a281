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
import { CARDS_PER_RULE, renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { FINDINGS, HOSTILE, sampleReport } from './fixtures.js';

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
    expect(html).not.toMatch(/\s(src|srcset|action|poster)=/i);
    // Links only within the document (the table of contents).
    expect(html).not.toMatch(/\shref="(?!#)/i);
    expect(html).toMatch(/<nav id="toc">/);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain('airgap-audit 0.1.0');
  });

  it('keeps its size proportionate: evidence cards per rule are capped, the rest one line each, passes one line each', () => {
    const many = Array.from({ length: CARDS_PER_RULE + 10 }, (_, i) => ({
      ...FINDINGS[0],
      fingerprint: `fp-${i}`,
      resource: { ...FINDINGS[0].resource, address: `aws_internet_gateway.g${i}` },
    }));
    const out = renderHtml(sampleReport({ findings: many }));
    expect(out.match(/class="finding"/g)).toHaveLength(CARDS_PER_RULE);
    expect(out).toContain('10 more results of this rule');
    expect(out).toContain('aws_internet_gateway.g59');
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
      expect(await page.locator('#findings').textContent()).toContain('Remediation:');
      expect(await page.locator('#verdict').textContent()).toContain('FAIL');
      expect(await page.locator('section').count()).toBe(8);
      expect(await page.locator('#airgap').textContent()).toContain('air-gappable: no');
      // The hostile string arrives as text, not markup.
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('#findings').textContent()).toContain('<script>alert(1)</script>');
      // Coverage speaks evidence language, with the caveat and each control's scope and remaining examination.
      const coverage = (await page.locator('#coverage').textContent()) ?? '';
      expect(coverage).toContain('not a verdict');
      expect(coverage).toContain('evidence contradicts');
      expect(coverage).toContain('contradicted, waived');
      expect(coverage).toContain('Scope of 3.13.1 checks.');
      expect(coverage).toContain('The rest of 3.13.1.');
      expect(coverage).not.toMatch(/\bsatisfied\b/i);
      expect(problems).toEqual([]);
      expect(blocked).toEqual([]);
      expect(requests).toEqual([documentUrl]);

      await page.emulateMedia({ media: 'print' });
      const breaks = await page.$$eval('section', (sections) => sections.map((s) => getComputedStyle(s).breakBefore));
      expect(breaks).toEqual(['auto', 'auto', 'page', 'page', 'auto', 'auto', 'auto', 'auto']);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await context.close();
    }, 60_000);

    it('lays out for screen and print with no clipped cell, a working table of contents and numbered pages', async () => {
      // Evidence with long unbreakable values (JSON, ARNs) is what used to be cut off in print.
      const long = sampleReport();
      const wide = `{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"${'arn:aws:s3:::a-very-long-bucket-name-'.repeat(6)}"}]}`;
      long.findings = long.findings.map((f) => ({
        ...f,
        evidence: [
          ...f.evidence,
          { path: 'policy', observed: wide, expected: 'x', source: `aws_s3_bucket_policy.${'p'.repeat(120)}` },
        ],
      }));
      const dir = mkdtempSync(join(tmpdir(), 'aga-html-layout-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, renderHtml(long));
      const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      // A cell is clipped when its content overflows it, or when it reaches past the body (the printed page's edge).
      const clipped = () =>
        page.$$eval('td, th', (cells) => {
          const edge = document.body.getBoundingClientRect().right;
          return cells
            .filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > edge + 1)
            .map((c) => (c.textContent ?? '').slice(0, 40));
        });
      expect(await clipped()).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // Every TOC entry leads to a section that exists.
      const targets = await page.$$eval('#toc a', (links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(targets.length).toBeGreaterThanOrEqual(8);
      for (const t of targets) expect(await page.locator(t).count(), t).toBe(1);
      // The verdict and scorecard render as an inline picture.
      expect(await page.locator('#verdict-section svg.scorecard g').count()).toBe(8);
      expect(await page.locator('#coverage svg.bar').count()).toBeGreaterThan(0);

      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 700, height: 1000 });
      expect(await clipped()).toEqual([]);
      // Passes are collapsed in print: their resource lists take no space.
      expect(
        await page.$$eval('details ul', (lists) => lists.every((l) => l.getBoundingClientRect().height === 0)),
      ).toBe(true);
      // Chromium kept the page-number margin box (an unsupported rule would have been dropped by the parser).
      const pageNumbers = await page.evaluate(() => {
        for (const sheet of [...document.styleSheets])
          for (const rule of [...sheet.cssRules])
            if (rule instanceof CSSPageRule)
              for (const inner of [...rule.cssRules]) {
                const style = (inner as CSSRule & { style?: CSSStyleDeclaration }).style;
                if (style?.getPropertyValue('content').includes('counter(page)'))
                  return style.getPropertyValue('content');
              }
        return '';
      });
      expect(pageNumbers).toContain('counter(pages)');
      const pdf = await page.pdf({ preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(1);
      await context.close();
    }, 90_000);

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
      expect(result.suites).toBe(5);
      expect(result.names.some((n) => n?.includes('<script>alert(1)</script> & "q"'))).toBe(true);
      expect(HOSTILE).toContain('\u0001');
      await page.close();
    }, 60_000);
  });
});
