/**
 * The HTML report's headline: the air-gap answer, the condition and layer scorecard as an inline SVG (no external
 * asset, no script), the table of rules behind each condition, and the gate banner. Reads only the scan report.
 */
import type { GroupState, GroupVerdict } from '../engine/airGap.js';
import { htmlEscape as h } from './escape.js';
import { STATE_TEXT } from './reportView.js';
import type { ScanReport } from './scanReport.js';

const FILL: Record<GroupState, string> = {
  satisfied: '#067647',
  'not-satisfied': '#b42318',
  'not-assessed': '#b54708',
};
const MARK: Record<GroupState, string> = { satisfied: '✓', 'not-satisfied': '✗', 'not-assessed': '?' };
const TILE_W = 172;
const TILE_H = 58;
const GAP = 8;

function tile(g: GroupVerdict, x: number, y: number): string {
  return `<g><title>${h(`${g.id} ${g.title}: ${STATE_TEXT[g.state]} — ${g.why}`)}</title><rect x="${x}" y="${y}" width="${TILE_W}" height="${TILE_H}" rx="6" fill="${FILL[g.state]}"/><text x="${x + 10}" y="${y + 22}" font-size="15" font-weight="700" fill="#fff">${MARK[g.state]} ${h(g.id)}</text><text x="${x + 10}" y="${y + 40}" font-size="11" fill="#fff">${h(clip(g.title, 28))}</text><text x="${x + 10}" y="${y + 53}" font-size="10" fill="#fff">${h(STATE_TEXT[g.state])}</text></g>`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Two rows of tiles: the four conditions, then the layers. Colour is never the only carrier: each tile says its state. */
export function scorecardSvg(report: ScanReport): string {
  const rows: Array<[string, GroupVerdict[]]> = [
    ['Air-gap conditions', report.airGap.conditions],
    ['Blueprint layers', report.airGap.layers],
  ];
  const labelW = 130;
  const width = labelW + 5 * (TILE_W + GAP);
  const height = rows.length * (TILE_H + GAP) + 4;
  const body = rows
    .map(([label, groups], r) => {
      const y = 2 + r * (TILE_H + GAP);
      return `<text x="0" y="${y + TILE_H / 2 + 5}" font-size="13" font-weight="600" fill="#101828">${h(label)}</text>${groups
        .map((g, i) => tile(g, labelW + i * (TILE_W + GAP), y))
        .join('')}`;
    })
    .join('');
  return `<svg class="scorecard" role="img" aria-label="${h(report.airGap.headline)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">${body}</svg>`;
}

function groupRows(groups: GroupVerdict[]): string {
  return groups
    .map(
      (g) =>
        `<tr><td class="mono id">${h(g.id)}</td><td>${h(g.title)}</td><td><span class="badge s-${h(g.state)}">${h(STATE_TEXT[g.state])}</span></td><td>${h(g.why)}</td></tr>`,
    )
    .join('\n');
}

export function verdictSection(report: ScanReport): string {
  const v = report.airGap;
  const g = report.gate;
  const verdictClass = v.airGappable === 'yes' ? 'pass' : v.airGappable === 'no' ? 'fail' : 'warn';
  const gateClass = g.verdict === 'fail' ? 'fail' : g.failing > 0 || g.verdict === 'off' ? 'warn' : 'pass';
  return `<section id="verdict-section"><h2>Air-gap verdict</h2>
<p class="verdict ${verdictClass}" id="airgap">${h(v.headline)}</p>
${scorecardSvg(report)}
<table><thead><tr><th>Condition</th><th>Title</th><th>State</th><th>Rules behind it</th></tr></thead><tbody>
${groupRows(v.conditions)}
</tbody></table>
<table><thead><tr><th>Layer</th><th>Title</th><th>State</th><th>Rules behind it</th></tr></thead><tbody>
${groupRows(v.layers)}
</tbody></table>
<p class="verdict ${gateClass}" id="verdict" data-gate="${h(g.verdict)}">${h(g.headline)}</p>
${g.reasons.length ? `<ul class="reasons">${g.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>` : ''}
${report.merge ? `<p class="caveat" id="merge-note">${h(report.merge.note)}</p>` : ''}
</section>`;
}
