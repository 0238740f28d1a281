/** The HTML report's only stylesheet, inlined: the report is opened inside the boundary, with nothing to fetch. */
export const HTML_STYLE = `
:root { --fail: #b42318; --warn: #b54708; --ok: #067647; --muted: #475467; --line: #d0d5dd; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; color: #101828; margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
.finding table { table-layout: fixed; }
.finding th:nth-child(1) { width: 18%; } .finding th:nth-child(2) { width: 34%; } .finding th:nth-child(3) { width: 20%; } .finding th:nth-child(4) { width: 28%; }
.mono { overflow-wrap: anywhere; word-break: break-word; white-space: pre-wrap; }
nav#toc ol { margin: 4px 0; } nav#toc a { color: inherit; }
.remediation { background: #f9fafb; border-left: 3px solid var(--ok); padding: 4px 8px; }
.rule h4 { margin: 16px 0 4px; font-size: 15px; }
ul.addresses { margin: 4px 0; padding-left: 18px; }
details summary { cursor: pointer; }
#coverage-bars { margin: 8px 0 16px; }
.bar-row { display: grid; grid-template-columns: 12em minmax(60px, 300px); gap: 8px; align-items: center; }
svg.bar { display: block; width: 100%; max-width: 300px; min-width: 60px; height: 14px; }
table.kv th { width: 22%; }
.reasons { margin: 4px 0 12px; }
table.compact { width: auto; min-width: 320px; }
td.id, .badge { white-space: nowrap; }
th { background: #f2f4f7; }
td.num, th.num { text-align: right; } td.num { white-space: nowrap; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; }
.verdict { font-size: 20px; font-weight: 700; padding: 8px 12px; border-radius: 6px; display: inline-block; }
.verdict.fail { background: #fef3f2; color: var(--fail); } .verdict.pass { background: #ecfdf3; color: var(--ok); } .verdict.warn { background: #fffaeb; color: var(--warn); }
.scorecard { width: 100%; max-width: 1000px; height: auto; display: block; margin: 8px 0; }
.badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.s-fail, .s-not-satisfied { color: var(--fail); } .s-not-assessed, .s-waived, .s-manual { color: var(--warn); } .s-pass, .s-satisfied { color: var(--ok); }
.e-contradicts { color: var(--fail); } .e-contradicted-waived, .e-not-evidenced, .e-manual { color: var(--warn); } .e-supports { color: var(--ok); } .caveat { border-left: 3px solid var(--warn); padding-left: 8px; }
.sev-critical, .sev-high { color: var(--fail); } .sev-medium { color: var(--warn); } .sev-low { color: var(--muted); }
.finding { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
.finding p { margin: 4px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; min-width: 130px; }
.card b { display: block; font-size: 22px; }
@page { size: A4; margin: 16mm 12mm 18mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt system-ui, sans-serif; color: #475467; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav#toc { break-after: page; page-break-after: always; }
  details:not([open]) > :not(summary) { display: none; }
  section { break-before: page; page-break-before: always; }
  section#verdict-section, section#summary, section#passes, section#waivers, section#configuration, section#inputs { break-before: auto; page-break-before: auto; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .finding { break-inside: auto; }
  svg { break-inside: avoid; }
  .verdict, .badge, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
