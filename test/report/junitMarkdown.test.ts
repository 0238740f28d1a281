import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { renderJunit } from '../../src/report/junit.js';
import { MARKDOWN_FINDINGS_CAP, renderMarkdown } from '../../src/report/markdown.js';
import { markdownInline, stripXmlIllegal, xmlAttr } from '../../src/report/escape.js';
import { FINDINGS, HOSTILE, sampleReport } from './fixtures.js';

const XML_ILLEGAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly the control characters XML 1.0 forbids.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('JUnit XML', () => {
  const xml = renderJunit(sampleReport());

  it('has one testsuite per rule and one testcase per resource', () => {
    // Four rule suites plus the verdict suite (one testcase per air-gap condition: 2 not satisfied, 2 not assessed).
    expect(xml.match(/<testsuite /g)).toHaveLength(5);
    expect(xml).toContain(
      '<testsuites name="airgap-audit 0.1.0 (regulated)" tests="10" failures="5" errors="0" skipped="4">',
    );
    expect(xml).toContain('<property name="air-gappable" value="no"/>');
    expect(xml).toContain('<property name="gate" value="fail"/>');
    expect(xml).toMatch(
      /<testsuite name="NET-001 No internet gateway in the boundary" tests="2" failures="2" errors="0" skipped="0"/,
    );
    expect(xml).toMatch(/<testsuite name="KMS-004 Key rotation enabled" tests="2" failures="0" errors="0" skipped="1"/);
  });

  it('reports failures with evidence, not-assessed and waived as skipped with the reason', () => {
    expect(xml).toContain(
      '<testcase classname="NET-001" name="aws_internet_gateway.main">\n      <failure message="Internet gateway attached to the boundary VPC" type="critical">',
    );
    expect(xml).toContain(
      'vpc: observed aws_vpc.main; expected no internet gateway; source aws_internet_gateway.main.vpc_id',
    );
    expect(xml).toContain(
      '<skipped message="not assessed (unknown-at-plan): Object Lock configuration is unknown until apply"/>',
    );
    expect(xml).toMatch(
      /<skipped message="waived: Legacy key retires in Q1 [^"]*\(owner platform-team, expires 2026-12-10\)"\/>/,
    );
  });

  it('escapes markup and strips characters illegal in XML 1.0', () => {
    expect(xml).not.toMatch(XML_ILLEGAL);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &apos;a&apos;');
    expect(xmlAttr('a\nb\t"c"')).toBe('a&#10;b&#9;&quot;c&quot;');
    expect(stripXmlIllegal('a\u0000b\uD800c\uD83D\uDE00d\uFFFF')).toBe('abc\uD83D\uDE00d');
  });

  it('groups several results of one rule on one resource into the worst outcome', () => {
    const twin: Finding = {
      ...FINDINGS[4],
      status: 'fail',
      fingerprint: 'fp-aud-004-second',
      message: 'Retention GOVERNANCE',
    };
    const grouped = renderJunit(sampleReport({ findings: [FINDINGS[4], twin] }));
    expect(grouped.match(/<testcase classname="AUD-004"/g)).toHaveLength(1);
    expect(grouped).toContain('<failure message="Retention GOVERNANCE"');
    expect(grouped).toContain('[not-assessed: unknown-at-plan] Object Lock configuration is unknown until apply');
  });
});

describe('Markdown PR comment', () => {
  const md = renderMarkdown(sampleReport());

  it('summarises, lists failing findings and coverage per framework', () => {
    expect(md).toContain('## airgap-audit: ❌ air-gappable: no — AG-1, AG-4 not satisfied; AG-2, AG-3 not assessed');
    expect(md).toContain(
      '❌ **Gate FAIL: 2 failing findings at or above high (2 critical)** (profile regulated, fail on high)',
    );
    expect(md).toContain('| AG-1 No public internet egress | ❌ not satisfied | fails: NET-001 (2) |');
    expect(md).toContain('| Failing | 3 |');
    expect(md).toContain(
      '| critical | NET\\-001 | aws\\_internet\\_gateway\\.main | Internet gateway attached to the boundary VPC |',
    );
    expect(md).toContain('| NIST SP 800\\-171 Rev\\. 2 \\(nist\\-800\\-171\\-r2\\) | 0 | 1 | 1 | 1 | 1 |');
    expect(md).toContain('| 3\\.13\\.1 | evidence contradicts | Scope of 3\\.13\\.1 checks\\. |');
    expect(md).toContain('not a verdict');
    expect(md).toContain('Waivers: 1 expired (no longer applied), 1 stale (match nothing).');
  });

  it('lists only waivers expiring within 30 days of generatedAt', () => {
    expect(md).toContain('### Waivers expiring within 30 days');
    expect(md).toMatch(/\| 2026\\-12\\-10 \| 12 \| KMS\\-004 \| aws\\_kms\\_key\\.legacy \| platform\\-team \|/);
    expect(md).not.toContain('2027\\-03\\-01');
  });

  it('escapes user-controlled strings so they cannot break the table, mention, link or inject HTML', () => {
    const row = md.split('\n').find((l) => l.includes('Gateway named'));
    expect(row).toBeDefined();
    // Unescaped pipes delimit exactly four cells.
    expect(row?.match(/(?<!\\)\|/g)).toHaveLength(5);
    expect(row).not.toMatch(/(?<!\\)[<@#[\]`*]/);
    expect(markdownInline('a|b\n@x <i>')).toBe('a\\|b \\@x \\<i\\>');
  });

  it('caps the failing findings and counts the rest', () => {
    const many: Finding[] = Array.from({ length: MARKDOWN_FINDINGS_CAP + 7 }, (_, i) => ({
      ...FINDINGS[0],
      fingerprint: `fp-${i}`,
      resource: { ...FINDINGS[0].resource, address: `aws_internet_gateway.g${String(i).padStart(3, '0')}` },
    }));
    const capped = renderMarkdown(sampleReport({ findings: many }));
    expect(capped.match(/^\| critical \|/gm)).toHaveLength(MARKDOWN_FINDINGS_CAP);
    expect(capped).toContain('…and 7 more failing findings (see the full report).');
  });

  it("stays under GitHub's comment size limit with very long addresses", () => {
    const long: Finding[] = Array.from({ length: 40 }, (_, i) => ({
      ...FINDINGS[0],
      fingerprint: `fp-${i}`,
      message: '|'.repeat(5000),
      resource: { ...FINDINGS[0].resource, address: `module.${'m'.repeat(2000)}.x${i}` },
    }));
    const [fw] = sampleReport().coverage;
    const controls = Array.from({ length: 300 }, (_, i) => ({
      ...fw.controls[0],
      id: `c${i}`,
      scope: 's'.repeat(300),
      assessorExamines: 'e'.repeat(300),
    }));
    const coverage = Array.from({ length: 5 }, (_, i) => ({ ...fw, framework: `fw${i}`, controls }));
    const text = renderMarkdown(sampleReport({ findings: long, coverage }));
    expect(text.length).toBeLessThan(65_536);
    expect(text).toMatch(/…and \d+ more failing findings/);
    expect(text).toMatch(/…and the scope of \d+ more controls/);
  });

  it('never says passing over failures: the gate is off with --fail-on none, PASS only when nothing fails', () => {
    const off = renderMarkdown(sampleReport({ failOn: 'none' }));
    expect(off).toContain('⏸️ **Gate off: --fail-on none: 3 failing findings not gated (2 critical, 1 low)**');
    expect(off).not.toMatch(/✅ \*\*Gate/);
    const below = renderMarkdown(
      sampleReport({ failOn: 'critical', findings: FINDINGS.filter((f) => f.severity !== 'critical') }),
    );
    expect(below).toContain('⚠️ **Gate PASS (1 failing below critical)');
    const clean = renderMarkdown(sampleReport({ findings: FINDINGS.filter((f) => f.status !== 'fail') }));
    expect(clean).toContain('✅ **Gate PASS: no failing finding at or above high**');
    expect(HOSTILE).toContain('|');
  });
});
