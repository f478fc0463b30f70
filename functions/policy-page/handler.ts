/**
 * GET /policy: the policy staff's page (Chinese). Upload a case set, write or upload a draft (its diff
 * is shown), run a simulation, watch its progress, read the report. One self-contained document; the
 * API calls it makes carry the policy token typed into the page. The report (itself self-contained,
 * without scripts) is shown in a sandboxed frame.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const STYLE = `body{font-family:"WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;max-width:1100px;color:#222}
section{border:1px solid #ddd;border-radius:6px;padding:1em;margin:1em 0}h2{margin-top:0;font-size:1.1em}
textarea{width:100%;height:14em;font-family:monospace}label{display:block;margin:.4em 0}
.error{color:#b00020;white-space:pre-wrap}.ok{color:#1b5e20}progress{width:100%}
iframe{width:100%;height:80vh;border:1px solid #ccc}pre{background:#f6f6f6;padding:.5em;overflow:auto}`;

const EXAMPLE = `base: "2026.1"
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
$('draft-text').value = ${JSON.stringify(EXAMPLE)};
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { authorization: 'Bearer ' + $('token').value.trim(), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const details = (data.errors || []).map((e) => (e.path ? e.path + '：' : '') + e.message).join('\\n');
    throw new Error((data.title || response.status) + (details ? '\\n' + details : data.detail ? '\\n' + data.detail : ''));
  }
  return data;
}
function show(id, text, ok) { const el = $(id); el.textContent = text; el.className = ok ? 'ok' : 'error'; }
function ready() { $('run').disabled = !(state.caseSetId && state.draftId); }
$('case-file').addEventListener('change', async () => {
  const file = $('case-file').files[0];
  if (!file) return;
  try {
    const content = await file.text();
    const format = /\\.csv$/i.test(file.name) ? 'csv' : 'jsonl';
    const created = await api('POST', '/v1/case-sets', { name: file.name, format, content });
    state.caseSetId = created.id;
    show('case-status', '已上传：' + created.name + '，' + created.lines + ' 个案例', true);
  } catch (error) { state.caseSetId = null; show('case-status', error.message, false); }
  ready();
});
$('draft-file').addEventListener('change', async () => {
  const file = $('draft-file').files[0];
  if (file) $('draft-text').value = await file.text();
});
$('check-draft').addEventListener('click', async () => {
  try {
    const created = await api('POST', '/v1/drafts', { yaml: $('draft-text').value });
    state.draftId = created.id;
    const lines = created.diff.flatMap((d) => [d.parameter + '（' + d.label + '）@ ' + d.area,
      ...d.removed.map((v) => '  − ' + v.from + '：' + JSON.stringify(v.value)),
      ...d.added.map((v) => '  ＋ ' + v.from + '：' + JSON.stringify(v.value))]);
    show('draft-status', '草案有效，拟议版本 ' + created.candidate.id + '。参数变化：\\n' + (lines.join('\\n') || '（无）'), true);
  } catch (error) { state.draftId = null; show('draft-status', error.message, false); }
  ready();
});
$('run').addEventListener('click', async () => {
  $('run').disabled = true;
  $('report').removeAttribute('srcdoc');
  try {
    const month = $('month').value.trim();
    const started = await api('POST', '/v1/simulations', { draftId: state.draftId, caseSetId: state.caseSetId, ...(month ? { month } : {}) });
    show('run-status', '测算中…', true);
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const sim = await api('GET', started.location);
      $('progress').value = sim.progress ? sim.progress.percent : 0;
      if (sim.status === 'done') {
        const s = sim.report.summary;
        show('run-status', '完成：' + s.cases + ' 个案例，' + s.changed + ' 个变化，每月支出变化 ' + s.monthlyCostDelta + ' 元', true);
        $('report').srcdoc = sim.reportHtml;
        break;
      }
      if (sim.status === 'failed') { show('run-status', '测算失败：' + sim.error, false); break; }
      show('run-status', '测算中… 已读 ' + (sim.progress ? sim.progress.lines : 0) + ' 行', true);
    }
  } catch (error) { show('run-status', error.message, false); }
  ready();
});
`;

const HTML = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>规则变更测算（政策处）</title><style>${STYLE}</style></head>
<body>
<h1>规则变更测算</h1>
<p>用历史案例检验拟议的规则变更：谁多领、谁少领、支出变化多少、哪些历史决定会不同。</p>
<section><h2>0. 访问令牌</h2><label>政策处令牌 <input id="token" type="password" size="40" autocomplete="off"></label></section>
<section><h2>1. 上传案例集</h2>
<label>JSON Lines（.jsonl）或 CSV（.csv，UTF-8，可带BOM）<input id="case-file" type="file" accept=".jsonl,.json,.csv,.txt"></label>
<p id="case-status"></p></section>
<section><h2>2. 草案</h2>
<label>上传草案文件 <input id="draft-file" type="file" accept=".yaml,.yml,.json"></label>
<label for="draft-text">或直接编辑（YAML）：</label><textarea id="draft-text" spellcheck="false"></textarea>
<button id="check-draft" type="button">检查草案并查看参数变化</button>
<pre id="draft-status"></pre></section>
<section><h2>3. 测算</h2>
<label>统一测算月份（可选，YYYY-MM）<input id="month" placeholder="例如 2027-01" size="10"></label>
<button id="run" type="button" disabled>开始测算</button>
<progress id="progress" max="100" value="0"></progress><p id="run-status"></p></section>
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
