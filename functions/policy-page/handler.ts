/**
 * GET /policy: the policy staff's page (Chinese). Upload a case set, write or upload a draft (its diff
 * is shown), run a simulation, watch its progress, read the report and take it away (CSV, JSON,
 * HTML, its own window, print). One self-contained document with the caseworker page's look: its
 * script and style are built from browser/ by infra/page-bundles.ts and inlined. The API calls it
 * makes carry the policy token typed into the page. The report (itself self-contained, without
 * scripts) is shown in a sandboxed frame.
 */
import { fileURLToPath } from 'node:url';
import { cspHash, type Page, pageCsp, pageHandler, workbenchDocument } from '../shared/page.ts';
import { readInlineAssets } from '../shared/page-assets.ts';
import { nationalMinimumDraft } from './example-draft.ts';

/** The built page.js and page.css; a Lambda bundle has them in assets/ beside itself. */
const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

/** The draft the page starts with: on the latest published ruleset (a test holds it there). */
export const EXAMPLE_DRAFT = nationalMinimumDraft('2027-01-01');

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

/** Text inside an element (the example draft in its textarea). */
const escapeText = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function pageHtml(style: string, script: string): string {
  return workbenchDocument({
    path: './policy',
    title: '规则变更测算（政策处）',
    heading: '规则变更测算',
    sub: '甘肃省 · 供政策处人员使用：用历史案例检验拟议的规则变更：谁多领、谁少领、支出变化多少、哪些历史决定会不同。',
    sections: `<section class="card" aria-labelledby="token-h"><h2 id="token-h">0. 访问令牌</h2>
<label for="token">政策处令牌（本机在 .data/local-api-keys.json 中）</label>
<input id="token" type="password" size="40" autocomplete="off" aria-describedby="token-status">
<p id="token-status" role="status"></p></section>
<section class="card" aria-labelledby="cases-h"><h2 id="cases-h">1. 上传案例集</h2>
<label for="case-file">JSON Lines（.jsonl）或 CSV（.csv，UTF-8，可带BOM）</label>
<input id="case-file" type="file" accept=".jsonl,.json,.csv,.txt" aria-describedby="case-status">
<p id="case-status" role="status"></p></section>
<section class="card" aria-labelledby="draft-h"><h2 id="draft-h">2. 草案</h2>
<label for="draft-file">上传草案文件</label><input id="draft-file" type="file" accept=".yaml,.yml,.json">
<label for="draft-text">或直接编辑（YAML）：</label>
<p class="hint" id="draft-hint">每项变更可写 <code>values</code>（定为某值）或 <code>raise</code>（自某日起提高若干元），例如 <code>raise: {from: "2027-01-01", by: "20.00", source: {note: 测算草案}, provisional: true}</code>。</p>
<textarea id="draft-text" wrap="off" spellcheck="false" aria-describedby="draft-hint draft-status">${escapeText(EXAMPLE_DRAFT)}</textarea>
<div class="actions"><button id="check-draft" type="button">检查草案并查看参数变化</button></div>
<pre id="draft-status" role="status"></pre></section>
<section class="card" aria-labelledby="run-h"><h2 id="run-h">3. 测算</h2>
<label for="month">统一测算月份（YYYY-MM；检查草案后默认填入草案生效月份）</label>
<input id="month" placeholder="例如 2027-01" size="10" inputmode="numeric" aria-describedby="month-hint">
<p id="month-hint" class="hint">问“这项调整要花多少钱”时，用统一测算月份：所有案例按同一个月计算，年度支出按该月所在年份的 1—12 月计算。留空时每个案例按其自身月份测算（核对历史决定时用）。上传案例集并检查草案后才能开始。</p>
<div class="actions"><button id="run" type="button" class="primary" disabled>开始测算</button></div>
<progress id="progress" max="100" value="0" aria-label="测算进度"></progress><p id="run-status" role="status"></p>
<dl id="summary" hidden>${FIGURES.map(([name, label]) => `<div><dt>${label}</dt><dd data-figure="${name}"></dd></div>`).join('')}</dl>
<p id="valued" class="hint"></p></section>
<section class="card" aria-labelledby="report-h"><h2 id="report-h">4. 报告</h2>
<div id="downloads" hidden>
<button type="button" data-download="csv">下载 CSV（Excel/WPS）</button>
<button type="button" data-download="json">下载 JSON</button>
<button type="button" data-download="html">下载 HTML</button>
<button type="button" id="open-report">在新窗口打开</button>
<button type="button" id="print-report">打印报告</button>
</div>
<p id="download-status" role="status"></p>
<iframe id="report" title="测算报告" sandbox=""></iframe></section>
`,
    style,
    script,
  });
}

function buildPolicyPage(): Page {
  const { script, style } = readInlineAssets(ASSETS_DIR, 'policy');
  const csp = pageCsp({
    script: cspHash(script),
    // Styles only (never scripts) may be inline: the report shown in the frame carries its own, and a
    // hash beside 'unsafe-inline' would switch 'unsafe-inline' off.
    style: "'unsafe-inline'",
    img: "'self' data:",
    frame: "'self' about:",
  });
  return { html: pageHtml(style, script), csp };
}

export const handler = pageHandler(() => buildPolicyPage());
