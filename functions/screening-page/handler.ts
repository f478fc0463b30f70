/**
 * GET /screening: the coverage screening page (应保尽保比对, Chinese), for policy staff and
 * caseworkers. Pick the lists (CSV or JSON Lines, UTF-8 or GBK), the month, optionally an earlier
 * screening to compare with; the page uploads them to POST /v1/screenings, follows the run, shows the
 * weekly dispatch table (周调度通报) and offers the CSV files for download. One self-contained
 * document with the policy page's look: its script and style are built from browser/ by
 * infra/page-bundles.ts and inlined. Its API calls carry the token typed into it.
 */
import { fileURLToPath } from 'node:url';
import { cspHash, type Page, pageCsp, pageHandler, workbenchDocument } from '../shared/page.ts';
import { readInlineAssets } from '../shared/page-assets.ts';

/** The built page.js and page.css; a Lambda bundle has them in assets/ beside itself. */
const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

const FILE_TYPES = '.csv,.jsonl,.json,.txt';

function pageHtml(style: string, script: string): string {
  return workbenchDocument({
    path: './screening',
    title: '应保尽保比对',
    heading: '应保尽保比对',
    sub: '把户籍、困难群体、参保名册和排除名单放在一起比对：谁应参保未参保、应代缴未代缴、应领未领、应补发，谁因何不符合参保条件，哪些数据有问题。身份证号只以加密标识保存和显示。',
    sections: `<section class="card" aria-labelledby="token-h"><h2 id="token-h">0. 访问令牌</h2>
<label for="token">政策处或经办令牌（本机在 .data/local-api-keys.json 中）</label>
<input id="token" type="password" size="40" autocomplete="off"></section>
<section class="card" aria-labelledby="lists-h"><h2 id="lists-h">1. 名单</h2>
<p class="hint">CSV（UTF-8 或 GBK，首行为列名）或 JSON Lines；列名见 docs/screening.md。</p>
<label for="hukou">户籍名单（必选）</label><input id="hukou" type="file" accept="${FILE_TYPES}">
<label for="hardship">困难群体名单（可多选）</label><input id="hardship" type="file" multiple accept="${FILE_TYPES}">
<label for="roll">城乡居民养老保险参保名册</label><input id="roll" type="file" accept="${FILE_TYPES}">
<label for="exclusions">排除名单：在校生、服刑、职工养老保险、现役军人、死亡、出国定居（可多选）</label>
<input id="exclusions" type="file" multiple accept="${FILE_TYPES}"></section>
<section class="card" aria-labelledby="run-h"><h2 id="run-h">2. 比对</h2>
<label for="month">比对月份（YYYY-MM）</label><input id="month" size="10" inputmode="numeric" placeholder="例如 2026-06">
<label><input id="by-township" type="checkbox"> 按乡镇分别输出结果</label>
<label for="previous">与上次比对比较（可选，填上次比对编号）</label><input id="previous" type="text" autocomplete="off" spellcheck="false">
<div class="actions"><button id="run" type="button" class="primary">开始比对</button></div>
<progress id="progress" max="100" value="0" aria-label="比对进度"></progress>
<p>比对编号：<span id="screening-id"></span></p>
<p id="run-status" role="status"></p></section>
<section class="card" aria-labelledby="summary-h"><h2 id="summary-h">3. 周调度通报</h2>
<div class="table-wrap"><table id="summary"></table></div><p id="downloads"></p></section>
`,
    style,
    script,
  });
}

function buildScreeningPage(): Page {
  const { script, style } = readInlineAssets(ASSETS_DIR, 'screening');
  return {
    html: pageHtml(style, script),
    csp: pageCsp({ script: cspHash(script), style: cspHash(style), img: 'data:' }),
  };
}

export const handler = pageHandler(() => buildScreeningPage());
