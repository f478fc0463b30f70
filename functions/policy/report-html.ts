/**
 * report.html: one self-contained page in Chinese (no scripts, no external files): the summary, two
 * inline SVG charts (distribution of monthly changes, cost change by area) and the tables.
 */
import { beijingTime } from '../shared/beijing-time.ts';
import type { ReplayReport } from './report.ts';
import { AGE_NAMES, BAND_NAMES, COMPONENT_NAMES, lineProblemZh, yesNo } from './report-names.ts';

function esc(text: unknown): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** What a chart draws of one item: its label, its value, and the value as written. */
interface ChartItem {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

/** The range a chart draws: zero always inside it. */
function rangeOf(items: readonly ChartItem[]) {
  const max = Math.max(0, ...items.map((i) => i.value));
  const min = Math.min(0, ...items.map((i) => i.value));
  return { max, min, span: max - min || 1 };
}

/** Losses red, gains blue, as everywhere in the report. */
const colourOf = (value: number) => (value < 0 ? '#a3121f' : '#0a4f9c');

/** The drawing both charts share: titled (its accessible name too), the zero line, then the marks. */
function chartSvg(
  title: { text: string; x: number; y: number },
  size: { width: number; height: number },
  zeroLine: { x1: number | string; x2: number | string; y1: number | string; y2: number | string },
  marks: readonly string[],
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title.text)}" viewBox="0 0 ${size.width} ${size.height}" class="chart">
<text x="${title.x}" y="${title.y}" font-size="14" font-weight="bold">${esc(title.text)}</text>
<line x1="${zeroLine.x1}" x2="${zeroLine.x2}" y1="${zeroLine.y1}" y2="${zeroLine.y2}" stroke="#888"/>
${marks.join('\n')}
</svg>`;
}

/** A vertical bar chart: one bar per label, values may be negative. Drawn in its viewBox, so it scales. */
function barChart(
  title: string,
  bars: readonly ChartItem[],
  options: { width?: number; height?: number } = {},
): string {
  // A narrow drawing with large type: scaled to a phone's width its labels stay about 10 px.
  const width = options.width ?? 480;
  const height = options.height ?? 240;
  const top = 30;
  const bottom = 50;
  const left = 20;
  const plot = height - top - bottom;
  const { max, span } = rangeOf(bars);
  const y = (v: number) => top + ((max - v) / span) * plot;
  const slot = (width - left * 2) / Math.max(1, bars.length);
  const bar = Math.max(4, slot * 0.6);
  const parts = bars.map((b, i) => {
    const x = left + i * slot + (slot - bar) / 2;
    const y0 = y(Math.max(0, b.value));
    const h = Math.max(b.value === 0 ? 0 : 1, Math.abs(y(b.value) - y(0)));
    return [
      `<rect x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${colourOf(b.value)}"><title>${esc(b.label)}: ${esc(b.text)}</title></rect>`,
      `<text x="${(x + bar / 2).toFixed(1)}" y="${(y0 - 4).toFixed(1)}" font-size="12" text-anchor="middle">${esc(b.text)}</text>`,
      `<text x="${(x + bar / 2).toFixed(1)}" y="${height - bottom + (i % 2 === 0 ? 16 : 32)}" font-size="12" text-anchor="middle">${esc(b.label)}</text>`,
    ].join('');
  });
  const zero = y(0).toFixed(1);
  return chartSvg(
    { text: title, x: left, y: 18 },
    { width, height },
    { x1: left, x2: width - left, y1: zero, y2: zero },
    parts,
  );
}

/**
 * A horizontal bar chart, one row per label (so names never run into each other at any width),
 * sorted by the caller; the value is written at the end of its bar, on the side away from zero.
 */
function rowChart(title: string, rows: readonly ChartItem[]): string {
  const width = 480;
  const row = 26;
  const top = 34;
  const labelWidth = 120;
  const textWidth = 80;
  const height = top + rows.length * row + 8;
  const { max, min, span } = rangeOf(rows);
  const plotLeft = labelWidth + (min < 0 ? textWidth : 8);
  const plotRight = width - (max > 0 ? textWidth : 8);
  const x = (v: number) => plotLeft + ((v - min) / span) * (plotRight - plotLeft);
  const parts = rows.map((r, i) => {
    const mid = top + i * row + row / 2;
    const x0 = Math.min(x(0), x(r.value));
    const w = Math.max(r.value === 0 ? 0 : 1, Math.abs(x(r.value) - x(0)));
    const textX = r.value < 0 ? x(r.value) - 4 : x(r.value) + 4;
    return [
      `<text x="${labelWidth - 6}" y="${(mid + 4).toFixed(1)}" font-size="13" text-anchor="end">${esc(r.label)}</text>`,
      `<rect x="${x0.toFixed(1)}" y="${(mid - 8).toFixed(1)}" width="${w.toFixed(1)}" height="16" fill="${colourOf(r.value)}"><title>${esc(r.label)}: ${esc(r.text)}</title></rect>`,
      `<text x="${textX.toFixed(1)}" y="${(mid + 4).toFixed(1)}" font-size="13" text-anchor="${r.value < 0 ? 'end' : 'start'}">${esc(r.text)}</text>`,
    ].join('');
  });
  const zero = x(0).toFixed(1);
  return chartSvg(
    { text: title, x: 4, y: 20 },
    { width, height },
    { x1: zero, x2: zero, y1: top - 4, y2: height - 4 },
    parts,
  );
}

/** A table in its own scrolling box: a phone scrolls the table, never the page. */
function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  if (rows.length === 0) return '<p class="none">（无）</p>';
  return `<div class="table-wrap"><table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

const byChange = <T extends { monthlyCostDelta: string; annualCostDelta: string }>(a: T, b: T) =>
  Number(b.monthlyCostDelta) - Number(a.monthlyCostDelta) ||
  Number(b.annualCostDelta) - Number(a.annualCostDelta);

/** The figures of a group of cases (an area, an age band): its columns, then its cells. */
const GROUP_HEADERS = ['案例', '变化', '增加', '减少', '每月支出变化（元）', '年度支出变化（元）'];
type GroupRow = Pick<
  ReplayReport['byAgeBand'][number],
  'cases' | 'changed' | 'gainers' | 'losers' | 'monthlyCostDelta' | 'annualCostDelta'
>;
const groupCells = (g: GroupRow) => [
  g.cases,
  g.changed,
  g.gainers,
  g.losers,
  g.monthlyCostDelta,
  g.annualCostDelta,
];

const AREA_HEADERS = ['地区', '代码', ...GROUP_HEADERS, '补发变化（元）'];
type AreaRow = ReplayReport['byArea'][number];
const areaCells = (a: AreaRow) => [a.name, a.area, ...groupCells(a), a.arrearsDelta];

/** Each 市州 with its figures, sorted by the change; its counties on demand (a <details>, no script). */
function prefectureTables(report: ReplayReport): string {
  const prefectures = [...report.byPrefecture].sort(byChange);
  if (prefectures.length === 0) return '<p class="none">（无）</p>';
  return prefectures
    .map((p) => {
      const counties = report.byArea.filter((a) => a.area.slice(0, 4) === p.area.slice(0, 4)).sort(byChange);
      return `<details class="prefecture"><summary><b>${esc(p.name)}</b>（${esc(p.area)}）：${p.cases} 个案例，${p.changed} 个变化，每月 ${esc(p.monthlyCostDelta)} 元，年度 ${esc(p.annualCostDelta)} 元，补发 ${esc(p.arrearsDelta)} 元 · 点开看 ${counties.length} 个县区</summary>
${table(AREA_HEADERS, counties.map(areaCells))}</details>`;
    })
    .join('\n');
}

export function renderReportHtml(report: ReplayReport): string {
  const s = report.summary;
  const m = report.meta;
  const distribution = barChart(
    '每月待遇变化分布（元，人数）',
    report.distribution.map((d) => ({ label: d.monthlyDeltaYuan, value: d.cases, text: String(d.cases) })),
  );
  const byPrefecture = rowChart(
    '各市（州）每月支出变化（元，按变化排序）',
    [...report.byPrefecture].sort(byChange).map((p) => ({
      label: p.name,
      value: Number(p.monthlyCostDelta),
      text: p.monthlyCostDelta,
    })),
  );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>规则变更测算报告：${esc(m.baseline.id)} → ${esc(m.candidate.id)}</title>
<style>
body{font-family:"WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:0 auto;padding:1em;color:#1b1f24;max-width:1100px;line-height:1.5}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em;border-bottom:2px solid #0a4f9c}
.table-wrap{overflow-x:auto;margin:.5em 0 1.2em}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
td,th{border:1px solid #c9d1da;padding:.25em .6em;text-align:right;white-space:nowrap}th{background:#f3f5f8}
td:first-child,th:first-child{text-align:left}.none{color:#4a5561}
.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(10em,1fr));gap:.5em;margin:.6em 0}
.summary div{border:1px solid #c9d1da;border-radius:4px;padding:.4em .6em}.summary dt{font-size:.85em;color:#4a5561}
.summary dd{margin:0;font-size:1.2em;font-weight:700;font-variant-numeric:tabular-nums}
.valued{background:#fff3d1;color:#5a3e00;padding:.4em .7em;border-radius:4px}
svg.chart{display:block;width:100%;max-width:640px;height:auto;margin:.5em 0 1em}
details.prefecture{border-bottom:1px solid #c9d1da;padding:.3em 0}details.prefecture summary{cursor:pointer}
@media print{body{padding:0;font-size:10pt}details.prefecture>*{display:block}h2{break-after:avoid}svg.chart,tr{break-inside:avoid}}
</style>
</head>
<body>
<h1>规则变更测算报告</h1>
<p>基准规则 <b>${esc(m.baseline.id)}</b>，拟议规则 <b>${esc(m.candidate.id)}</b>${m.candidate.draft ? `（草案 ${esc(m.candidate.draft)}）` : ''}；案例集 ${esc(m.caseSet)}；生成时间 ${esc(beijingTime(m.generatedAt))}。</p>
<p class="valued" id="valued">${esc(m.valued)}</p>
<h2>摘要</h2>
<dl class="summary">
<div><dt>案例数</dt><dd>${s.cases}</dd></div>
<div><dt>结果变化</dt><dd>${s.changed}</dd></div>
<div><dt>增加 / 减少 / 不变</dt><dd>${s.gainers} / ${s.losers} / ${s.unchanged}</dd></div>
<div><dt>无法测算的行</dt><dd>${s.errors}</dd></div>
<div><dt>每月支出变化（元）</dt><dd>${esc(s.monthlyCostDelta)}</dd></div>
<div><dt>年度支出变化（元，全年 1—12 月）</dt><dd>${esc(s.annualCostDelta)}</dd></div>
<div><dt>补发总额变化（元，与每月支出分开）</dt><dd>${esc(s.arrearsDelta)}</dd></div>
<div><dt>与历史决定不符</dt><dd>${s.mismatches}</dd></div>
</dl>
<h2>参数变化</h2>
${table(
  ['参数', '名称', '地区', '删除', '新增'],
  m.diff.map((d) => [
    d.parameter,
    d.label,
    d.area,
    d.removed.map((v) => `${v.from}: ${JSON.stringify(v.value)}`).join('；'),
    d.added.map((v) => `${v.from}: ${JSON.stringify(v.value)}`).join('；'),
  ]),
)}
<h2>图表</h2>
${distribution}
${byPrefecture}
<h2>变化幅度</h2>
${table(
  ['幅度', '人数'],
  report.bands.map((b) => [BAND_NAMES[b.band] ?? b.band, b.cases]),
)}
<h2>按市（州）</h2>
<p class="none">按每月支出变化排序；点开一个市（州）看其县区。</p>
${prefectureTables(report)}
<h2>按年龄段</h2>
${table(
  ['年龄段', ...GROUP_HEADERS],
  report.byAgeBand.map((a) => [AGE_NAMES[a.band] ?? a.band, ...groupCells(a)]),
)}
<h2>按待遇项目（测算月合计）</h2>
${table(
  ['项目', '基准（元）', '拟议（元）', '变化（元）'],
  report.byComponent.map((c) => [
    COMPONENT_NAMES[c.component] ?? c.component,
    c.baseline,
    c.candidate,
    c.delta,
  ]),
)}
<h2>变化最大的案例</h2>
${table(
  [
    '行号',
    '编号',
    '键',
    '地区',
    '月份',
    '基准月额',
    '拟议月额',
    '月额变化',
    '补发变化',
    '基准可领',
    '拟议可领',
  ],
  report.largestChanges.map((c) => [
    c.line,
    c.ref ?? '',
    c.key,
    c.area,
    c.month,
    c.baselineMonthly,
    c.candidateMonthly,
    c.monthlyDelta,
    c.arrearsDelta,
    yesNo(c.baselineEligible),
    yesNo(c.candidateEligible),
  ]),
)}
<h2>与历史决定不符的案例（共 ${report.mismatches.count}）</h2>
${table(
  ['行号', '编号', '键', '项目', '月份', '历史记录', '基准测算', '拟议测算', '差额'],
  report.mismatches.shown.map((x) => [
    x.line,
    x.ref ?? '',
    x.key,
    x.what === 'total' ? '月额' : '补发',
    x.month,
    x.recorded,
    x.baseline,
    x.candidate,
    x.difference,
  ]),
)}
<h2>无法测算的行（共 ${s.errors}）</h2>
${table(
  ['行号', '原因'],
  report.errorLines.map((e) => [e.line, lineProblemZh(e.message)]),
)}
</body>
</html>
`;
}
