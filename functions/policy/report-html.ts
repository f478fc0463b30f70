/**
 * report.html: one self-contained page in Chinese (no scripts, no external files): the summary, two
 * inline SVG charts (distribution of monthly changes, cost change by area) and the tables.
 */
import type { ReplayReport } from './report.ts';

function esc(text: unknown): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const BAND_NAMES: Record<string, string> = {
  'lost-over-5': '减少超过5%',
  'lost-0-5': '减少0–5%',
  unchanged: '不变',
  'gained-0-5': '增加0–5%',
  'gained-over-5': '增加超过5%',
};

const AGE_NAMES: Record<string, string> = {
  'under-60': '60岁以下',
  '60-64': '60–64岁',
  '65-69': '65–69岁',
  '70-74': '70–74岁',
  '75-79': '75–79岁',
  '80-89': '80–89岁',
  '90+': '90岁及以上',
};

const COMPONENT_NAMES: Record<string, string> = {
  'basic-pension': '基础养老金',
  'old-age-supplement': '高龄补贴',
  'long-contribution-bonus': '长缴多得加发',
  'account-pension': '个人账户养老金',
};

/** A vertical bar chart: one bar per label, values may be negative. */
function barChart(
  title: string,
  bars: readonly { label: string; value: number; text: string }[],
  options: { width?: number; height?: number } = {},
): string {
  const width = options.width ?? 720;
  const height = options.height ?? 260;
  const top = 30;
  const bottom = 50;
  const left = 20;
  const plot = height - top - bottom;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const min = Math.min(0, ...bars.map((b) => b.value));
  const span = max - min || 1;
  const y = (v: number) => top + ((max - v) / span) * plot;
  const slot = (width - left * 2) / Math.max(1, bars.length);
  const bar = Math.max(4, slot * 0.6);
  const parts = bars.map((b, i) => {
    const x = left + i * slot + (slot - bar) / 2;
    const y0 = y(Math.max(0, b.value));
    const h = Math.max(b.value === 0 ? 0 : 1, Math.abs(y(b.value) - y(0)));
    const colour = b.value < 0 ? '#c0392b' : '#2e86c1';
    return [
      `<rect x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"><title>${esc(b.label)}: ${esc(b.text)}</title></rect>`,
      `<text x="${(x + bar / 2).toFixed(1)}" y="${(y0 - 4).toFixed(1)}" font-size="11" text-anchor="middle">${esc(b.text)}</text>`,
      `<text x="${(x + bar / 2).toFixed(1)}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${esc(b.label)}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<text x="${left}" y="18" font-size="14" font-weight="bold">${esc(title)}</text>
<line x1="${left}" x2="${width - left}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#888"/>
${parts.join('\n')}
</svg>`;
}

function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  if (rows.length === 0) return '<p class="none">（无）</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function renderReportHtml(report: ReplayReport): string {
  const s = report.summary;
  const m = report.meta;
  const distribution = barChart(
    '每月待遇变化分布（元，人数）',
    report.distribution.map((d) => ({ label: d.monthlyDeltaYuan, value: d.cases, text: String(d.cases) })),
  );
  const byArea = barChart(
    '各地区每月支出变化（元）',
    report.byArea.map((a) => ({
      label: a.name,
      value: Number(a.monthlyCostDelta),
      text: a.monthlyCostDelta,
    })),
  );
  const yes = (b: boolean) => (b ? '是' : '否');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>规则变更测算报告：${esc(m.baseline.id)} → ${esc(m.candidate.id)}</title>
<style>
body{font-family:"WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.none{color:#777}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}
</style>
</head>
<body>
<h1>规则变更测算报告</h1>
<p>基准规则 <b>${esc(m.baseline.id)}</b>，拟议规则 <b>${esc(m.candidate.id)}</b>${m.candidate.draft ? `（草案 ${esc(m.candidate.draft)}）` : ''}；案例集 ${esc(m.caseSet)}${m.month ? `；测算月份 ${esc(m.month)}` : '；各案例按其自身月份测算'}；生成时间 ${esc(m.generatedAt)}。</p>
<h2>摘要</h2>
<dl>
<dt>案例数</dt><dd>${s.cases}</dd>
<dt>结果变化</dt><dd>${s.changed}（增加 ${s.gainers}，减少 ${s.losers}，不变 ${s.unchanged}）</dd>
<dt>无法测算的行</dt><dd>${s.errors}</dd>
<dt>每月支出变化</dt><dd>${esc(s.monthlyCostDelta)} 元</dd>
<dt>年度支出变化（测算月及之前12个月）</dt><dd>${esc(s.annualCostDelta)} 元</dd>
<dt>补发（欠发）总额变化</dt><dd>${esc(s.arrearsDelta)} 元</dd>
<dt>与历史决定不符</dt><dd>${s.mismatches}</dd>
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
${byArea}
<h2>变化幅度</h2>
${table(
  ['幅度', '人数'],
  report.bands.map((b) => [BAND_NAMES[b.band] ?? b.band, b.cases]),
)}
<h2>按地区</h2>
${table(
  [
    '地区',
    '代码',
    '案例',
    '变化',
    '增加',
    '减少',
    '每月支出变化（元）',
    '年度支出变化（元）',
    '补发变化（元）',
  ],
  report.byArea.map((a) => [
    a.name,
    a.area,
    a.cases,
    a.changed,
    a.gainers,
    a.losers,
    a.monthlyCostDelta,
    a.annualCostDelta,
    a.arrearsDelta,
  ]),
)}
<h2>按年龄段</h2>
${table(
  ['年龄段', '案例', '变化', '增加', '减少', '每月支出变化（元）', '年度支出变化（元）'],
  report.byAgeBand.map((a) => [
    AGE_NAMES[a.band] ?? a.band,
    a.cases,
    a.changed,
    a.gainers,
    a.losers,
    a.monthlyCostDelta,
    a.annualCostDelta,
  ]),
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
    yes(c.baselineEligible),
    yes(c.candidateEligible),
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
  report.errorLines.map((e) => [e.line, e.message]),
)}
</body>
</html>
`;
}
