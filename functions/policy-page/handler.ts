/**
 * GET /policy: the policy staff's page (Chinese). Upload a case set, write or upload a draft (its diff
 * is shown), run a simulation, watch its progress, read the report. One self-contained document; the
 * API calls it makes carry the policy token typed into the page. The report (itself self-contained,
 * without scripts) is shown in a sandboxed frame.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const STYLE = `*{box-sizing:border-box}
body{font-family:"WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em auto;padding:0 1em;max-width:1100px;color:#222;line-height:1.5}
section{border:1px solid #ddd;border-radius:6px;padding:1em;margin:1em 0}h2{margin-top:0;font-size:1.1em}
textarea{width:100%;height:19em;font-family:monospace;resize:vertical}label{display:block;margin:.4em 0}input{max-width:100%}
button{font:inherit;padding:.3em .9em}.hint{color:#555;font-size:.9em;margin:.2em 0}
[aria-invalid="true"]{border-color:#b00020;outline:2px solid #b00020}
.error{color:#b00020;white-space:pre-wrap}.ok{color:#1b5e20;white-space:pre-wrap}progress{width:100%}
#summary:not([hidden]){display:grid;grid-template-columns:repeat(auto-fill,minmax(9em,1fr));gap:.5em;margin:.8em 0}
#summary div{border:1px solid #ddd;border-radius:4px;padding:.4em .6em}#summary dt{font-size:.85em;color:#555}
#summary dd{margin:0;font-size:1.2em;font-weight:bold;font-variant-numeric:tabular-nums}
iframe{width:100%;height:80vh;border:1px solid #ccc}pre{background:#f6f6f6;padding:.5em;overflow:auto;margin:.5em 0}
pre:empty{display:none}@media (max-width:600px){body{margin:.5em auto;padding:0 .5em}section{padding:.6em}h1{font-size:1.4em}}`;

/** The draft the page starts with: on the latest published ruleset (a test holds it there). */
export const EXAMPLE_DRAFT = `base: "2026.2"
description: 全国基础养老金最低标准自2027年1月起提高20元（测算）
changes:
  - parameter: basic-pension.national-minimum
    area: national
    values:
      - from: "2027-01-01"
        value: "183.00"
        source:
          note: 测算草案
        provisional: true
        reason: 拟议调整，尚未发布
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const state = { caseSetId: null, draftId: null };
$('draft-text').value = ${JSON.stringify(EXAMPLE_DRAFT)};
// The API answers in English (RFC 9457 problems); staff read Chinese. Status first, then the details.
const STATUS_ZH = {
  0: '无法连接服务器，请检查网络后重试',
  400: '输入有误（400）',
  401: '令牌无效或未填写（401）：请粘贴政策处令牌',
  403: '此令牌无权使用规则变更测算（403）：需要政策处（policy）令牌',
  404: '找不到（404）',
  413: '文件太大（413）',
  415: '格式不对（415）',
  422: '内容无效（422）',
  429: '请求太频繁（429），请稍后再试',
  503: '服务暂时不可用（503），请稍后再试',
};
const MESSAGE_ZH = [
  [/must be a money string like "([^"]*)"/, '金额须写成带两位小数的字符串，例如 "$1"'],
  [/ruleset (\\S+) has no parameter (\\S+)/, '规则版本 $1 中没有参数 $2'],
  [/No published ruleset "([^"]*)"/, '没有已发布的规则版本 "$1"'],
  [/^not valid YAML: /, 'YAML 格式错误：'],
  [/a change adds values, removes values \\(removeFrom\\), or both/, '每项变更须新增取值（values）或删除取值（removeFrom）'],
  [/Invalid input: expected object, received undefined/, '缺少此项'],
  [/Invalid input: expected (\\w+), received (\\w+)/, '类型不对（应为 $1，实为 $2）'],
  [/must be a date YYYY-MM-DD/, '日期须写成 YYYY-MM-DD'],
  [/must be an id returned when it was created/, '编号无效'],
];
const zh = (message) => MESSAGE_ZH.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), String(message));
class ApiError extends Error {
  constructor(status, data) {
    const lines = (data.errors || []).map((e) => '• ' + (e.path && e.path !== 'draft' ? e.path + '：' : '') + zh(e.message));
    // The details name fields and values; for the other statuses the Chinese heading says it all.
    if (lines.length === 0 && data.detail && [400, 413, 415, 422].includes(status)) lines.push('• ' + zh(data.detail));
    const head = STATUS_ZH[status] || (status >= 500 ? '服务器出错（' + status + '），请稍后重试' : '请求被拒绝（' + status + '）');
    super(head + (lines.length ? '\\n' + lines.join('\\n') : ''));
    this.status = status;
    this.lines = lines;
  }
}
async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { authorization: 'Bearer ' + $('token').value.trim(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch { throw new ApiError(0, {}); }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
function show(id, text, ok, field) {
  const el = $(id);
  el.textContent = text;
  el.className = ok ? 'ok' : 'error';
  if (field) { if (ok) field.removeAttribute('aria-invalid'); else field.setAttribute('aria-invalid', 'true'); }
}
// A refused token is the token's problem, whichever step found it: say so at the token field too.
function failed(id, error, field) {
  const refused = error.status === 401 || error.status === 403;
  if (refused) show('token-status', error.message, false, $('token'));
  show(id, error.message, false, refused ? undefined : field);
}
function ready() { $('run').disabled = !(state.caseSetId && state.draftId); }
$('token').addEventListener('input', () => show('token-status', '', true, $('token')));
$('case-file').addEventListener('change', async () => {
  const file = $('case-file').files[0];
  state.caseSetId = null;
  ready();
  if (!file) return;
  show('case-status', '正在上传 ' + file.name + ' …', true, $('case-file'));
  try {
    if (file.size > 900000) throw new Error('文件太大：每次上传不超过 900 kB，请拆分后分别测算');
    const content = await file.text();
    const format = /\\.csv$/i.test(file.name) ? 'csv' : 'jsonl';
    const created = await api('POST', '/v1/case-sets', { name: file.name, format, content });
    state.caseSetId = created.id;
    show('case-status', '已上传：' + created.name + '，共 ' + created.lines + ' 行案例（' + (format === 'csv' ? 'CSV，不含表头' : 'JSON Lines') + '）；有问题的行在测算时按行号列出并跳过', true, $('case-file'));
    show('token-status', '', true, $('token'));
  } catch (error) { failed('case-status', error, $('case-file')); }
  ready();
});
function draftChanged(note) {
  if (state.draftId) show('draft-status', note, true, $('draft-text'));
  state.draftId = null;
  ready();
}
$('draft-text').addEventListener('input', () => draftChanged('草案已修改，请重新检查。'));
$('draft-file').addEventListener('change', async () => {
  const file = $('draft-file').files[0];
  if (!file) return;
  $('draft-text').value = await file.text();
  state.draftId = null;
  ready();
  show('draft-status', '已读入 ' + file.name + '，请检查草案。', true, $('draft-text'));
});
$('check-draft').addEventListener('click', async () => {
  state.draftId = null;
  ready();
  show('draft-status', '正在检查草案…', true, $('draft-text'));
  try {
    const created = await api('POST', '/v1/drafts', { yaml: $('draft-text').value });
    state.draftId = created.id;
    const lines = created.diff.flatMap((d) => [d.parameter + '（' + d.label + '）@ ' + (d.area === 'national' ? '全国' : d.area),
      ...d.removed.map((v) => '  − ' + v.from + '：' + JSON.stringify(v.value)),
      ...d.added.map((v) => '  ＋ ' + v.from + '：' + JSON.stringify(v.value))]);
    show('draft-status', '草案有效，拟议版本 ' + created.candidate.id + '（基于 ' + created.base + '）。参数变化：\\n' + (lines.join('\\n') || '（无）'), true, $('draft-text'));
    show('token-status', '', true, $('token'));
  } catch (error) {
    if (error.status === 422) error.message = '草案未通过检查（422），请按下列提示修改：\\n' + error.lines.join('\\n');
    failed('draft-status', error, $('draft-text'));
  }
  ready();
});
const FIGURES = ['cases', 'changed', 'gainers', 'losers', 'unchanged', 'errors', 'monthlyCostDelta', 'annualCostDelta', 'arrearsDelta'];
$('run').addEventListener('click', async () => {
  $('run').disabled = true;
  $('summary').hidden = true;
  $('report').removeAttribute('srcdoc');
  $('progress').value = 0;
  const month = $('month').value.trim();
  try {
    const started = await api('POST', '/v1/simulations', { draftId: state.draftId, caseSetId: state.caseSetId, ...(month ? { month } : {}) });
    show('run-status', '已排队，等待开始…', true, $('month'));
    for (;;) {
      await new Promise((r) => setTimeout(r, 400));
      const sim = await api('GET', started.location);
      $('progress').value = sim.progress ? sim.progress.percent : 0;
      if (sim.status === 'done') {
        const s = sim.report.summary;
        for (const name of FIGURES) $('summary').querySelector('[data-figure="' + name + '"]').textContent = String(s[name]);
        $('summary').hidden = false;
        show('run-status', '完成：' + s.cases + ' 个案例，' + s.changed + ' 个变化，每月支出变化 ' + s.monthlyCostDelta + ' 元。详细报告见下方。', true);
        $('report').srcdoc = sim.reportHtml;
        break;
      }
      if (sim.status === 'failed') { show('run-status', '测算失败：' + sim.error, false); break; }
      show('run-status', (sim.status === 'queued' ? '已排队' : '测算中') + '… 已读 ' + (sim.progress ? sim.progress.lines : 0) + ' 行（' + $('progress').value + '%）', true);
    }
  } catch (error) { failed('run-status', error, error.status === 400 && month ? $('month') : undefined); }
  ready();
});
`;

const FIGURES: readonly (readonly [string, string])[] = [
  ['cases', '案例数'],
  ['changed', '有变化'],
  ['gainers', '增加'],
  ['losers', '减少'],
  ['unchanged', '不变'],
  ['errors', '错误行（已跳过）'],
  ['monthlyCostDelta', '每月支出变化（元）'],
  ['annualCostDelta', '年度支出变化（元）'],
  ['arrearsDelta', '补发总额变化（元）'],
];

const HTML = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>规则变更测算（政策处）</title><style>${STYLE}</style></head>
<body>
<h1>规则变更测算</h1>
<p>用历史案例检验拟议的规则变更：谁多领、谁少领、支出变化多少、哪些历史决定会不同。</p>
<section><h2>0. 访问令牌</h2><label>政策处令牌 <input id="token" type="password" size="40" autocomplete="off" aria-describedby="token-status"></label>
<p id="token-status" role="status"></p></section>
<section><h2>1. 上传案例集</h2>
<label>JSON Lines（.jsonl）或 CSV（.csv，UTF-8，可带BOM）<input id="case-file" type="file" accept=".jsonl,.json,.csv,.txt" aria-describedby="case-status"></label>
<p id="case-status" role="status"></p></section>
<section><h2>2. 草案</h2>
<label>上传草案文件 <input id="draft-file" type="file" accept=".yaml,.yml,.json"></label>
<label for="draft-text">或直接编辑（YAML）：</label><textarea id="draft-text" spellcheck="false" aria-describedby="draft-status"></textarea>
<button id="check-draft" type="button">检查草案并查看参数变化</button>
<pre id="draft-status" role="status"></pre></section>
<section><h2>3. 测算</h2>
<label>统一测算月份（可选，YYYY-MM）<input id="month" placeholder="例如 2027-01" size="10" inputmode="numeric" aria-describedby="month-hint"></label>
<p id="month-hint" class="hint">留空时每个案例按其自身月份测算。上传案例集并检查草案后才能开始。</p>
<button id="run" type="button" disabled>开始测算</button>
<progress id="progress" max="100" value="0" aria-label="测算进度"></progress><p id="run-status" role="status"></p>
<dl id="summary" hidden>${FIGURES.map(([name, label]) => `<div><dt>${label}</dt><dd data-figure="${name}"></dd></div>`).join('')}</dl></section>
<section><h2>4. 报告</h2><iframe id="report" title="测算报告" sandbox=""></iframe></section>
<script type="module">${SCRIPT}</script>
</body></html>
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  // Styles only (never scripts) may be inline: the report shown in the frame carries its own, and a
  // hash beside 'unsafe-inline' would switch 'unsafe-inline' off.
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "frame-src 'self' about:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function handler(): Promise<APIGatewayProxyStructuredResultV2> {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
    body: HTML,
  };
}
