/**
 * GET /screening: the coverage screening page (应保尽保比对, Chinese), for policy staff and
 * caseworkers. Pick the lists (CSV or JSON Lines, UTF-8 or GBK), the month, optionally an earlier
 * screening to compare with; the page uploads them to POST /v1/screenings, follows the run, shows the
 * weekly dispatch table (周调度通报) and offers the CSV files for download. One self-contained
 * document in the policy page's look; its API calls carry the token typed into it.
 */
import { CLASS_NAMES_ZH, SCREENING_CLASSES } from '../screening/classes.ts';
import { cspHash, pageCsp, pageHandler } from '../shared/page.ts';

const STYLE = `*{box-sizing:border-box}
body{font-family:"WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em auto;padding:0 1em;max-width:1100px;color:#222;line-height:1.5}
section{border:1px solid #ddd;border-radius:6px;padding:1em;margin:1em 0}h2{margin-top:0;font-size:1.1em}
label{display:block;margin:.4em 0}input{max-width:100%}button{font:inherit;padding:.3em .9em}.hint{color:#555;font-size:.9em;margin:.2em 0}
[aria-invalid="true"]{border-color:#b00020;outline:2px solid #b00020}
.error{color:#b00020;white-space:pre-wrap}.ok{color:#1b5e20;white-space:pre-wrap}progress{width:100%}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{border:1px solid #ddd;padding:.3em .5em;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f6f6f6}tr.total td{font-weight:bold}
#downloads a{margin-right:1em}@media (max-width:600px){body{margin:.5em auto;padding:0 .5em}section{padding:.6em}h1{font-size:1.4em}}`;

const CLASS_COLUMNS = SCREENING_CLASSES.map((c) => [c, CLASS_NAMES_ZH[c]] as const);

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const CLASSES = ${JSON.stringify(CLASS_COLUMNS)};
const STATUS_ZH = {
  0: '无法连接服务器，请检查网络后重试',
  400: '输入有误（400）',
  401: '令牌无效或未填写（401）：请粘贴政策处或经办令牌',
  403: '此令牌无权使用比对（403）：需要政策处（policy）或经办（caseworker）令牌',
  404: '找不到（404）',
  409: '比对尚未完成（409）',
  413: '文件太大（413）：网页上传合计不超过约 700 KB，更大的名单请用命令行 npm run screen',
  422: '内容无效（422）',
  503: '服务暂时不可用（503），请稍后再试',
};
class ApiError extends Error {
  constructor(status, data) {
    const lines = (data.errors || []).map((e) => '• ' + (e.path ? e.path + '：' : '') + e.message);
    super((STATUS_ZH[status] || '请求被拒绝（' + status + '）') + (lines.length ? '\\n' + lines.join('\\n') : ''));
    this.status = status;
  }
}
async function api(method, path, body, raw) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { authorization: 'Bearer ' + $('token').value.trim(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch { throw new ApiError(0, {}); }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  return raw ? response.blob() : response.json();
}
function show(text, ok) { const el = $('run-status'); el.textContent = text; el.className = ok ? 'ok' : 'error'; }
function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
async function filesOf(id, list) {
  return Promise.all([...$(id).files].map(async (f) => ({ list, name: f.name, content: base64(await f.arrayBuffer()) })));
}
const areaName = (a) => (a === 'total' ? '合计' : a === 'none' ? '无户籍' : a);
function table(summary) {
  const compared = !!summary.total.comparison;
  const head = ['区县', '筛查人数', ...CLASSES.map(([, zh]) => zh), '应代缴金额（元）', '应补发金额（元）', ...(compared ? ['新发现', '仍未解决', '已解决'] : [])];
  const row = (r, total) => '<tr' + (total ? ' class="total"' : '') + '>' + [areaName(r.area), r.screened, ...CLASSES.map(([c]) => r.classes[c]), r.premiumDue, r.backPayDue,
    ...(compared ? [r.comparison.new, r.comparison['still-open'], r.comparison.resolved] : [])].map((v) => '<td>' + String(v).replace(/[<&]/g, '') + '</td>').join('') + '</tr>';
  $('summary').innerHTML = '<thead><tr>' + head.map((h) => '<th scope="col">' + h + '</th>').join('') + '</tr></thead><tbody>' +
    summary.areas.map((r) => row(r, false)).join('') + row(summary.total, true) + '</tbody>';
}
async function download(id, query, name) {
  const blob = await api('GET', '/v1/screenings/' + id + '/results' + query, undefined, true);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.textContent = name;
  $('downloads').append(a);
}
$('run').addEventListener('click', async () => {
  $('run').disabled = true;
  $('downloads').textContent = '';
  $('summary').textContent = '';
  $('month').removeAttribute('aria-invalid');
  try {
    const lists = [...await filesOf('hukou', 'hukou'), ...await filesOf('hardship', 'hardship'), ...await filesOf('roll', 'roll'), ...await filesOf('exclusions', 'exclusions')];
    const body = { month: $('month').value.trim(), byTownship: $('by-township').checked, lists };
    if ($('previous').value.trim()) body.previousId = $('previous').value.trim();
    const queued = await api('POST', '/v1/screenings', body);
    $('screening-id').textContent = queued.id;
    for (;;) {
      await new Promise((ok) => setTimeout(ok, 500));
      const s = await api('GET', queued.location);
      $('progress').value = s.progress.percent;
      if (s.status === 'failed') { show('比对失败：' + s.error, false); break; }
      if (s.status !== 'done') { show((s.status === 'queued' ? '已排队' : '比对中') + '…（' + s.progress.percent + '%）', true); continue; }
      const gbk = s.lists.filter((l) => l.encoding === 'gbk').map((l) => l.name);
      show('比对完成：筛查 ' + s.summary.screened + ' 人，发现问题 ' + s.summary.withFindings + ' 人；无法读取的行 ' + s.badRows + ' 行' + (gbk.length ? '；按 GBK 读取：' + gbk.join('、') : '') + '。', true);
      table(s.summary);
      await download(s.id, '', '比对结果.csv');
      await download(s.id, '?file=summary', '周调度通报.csv');
      await download(s.id, '?file=bad-rows', '无法读取的行.csv');
      for (const t of s.townships || []) await download(s.id, '?township=' + t, t + '.csv');
      break;
    }
  } catch (error) {
    show(error.message, false);
    if (error.status === 400 && /month/.test(error.message)) $('month').setAttribute('aria-invalid', 'true');
  }
  $('run').disabled = false;
});
`;

const HTML = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>应保尽保比对</title><style>${STYLE}</style></head>
<body>
<h1>应保尽保比对</h1>
<p>把户籍、困难群体、参保名册和排除名单放在一起比对：谁应参保未参保、应代缴未代缴、应领未领、应补发，谁因何不符合参保条件，哪些数据有问题。身份证号只以加密标识保存和显示。</p>
<section><h2>0. 访问令牌</h2><label>政策处或经办令牌 <input id="token" type="password" size="40" autocomplete="off"></label></section>
<section><h2>1. 名单</h2>
<p class="hint">CSV（UTF-8 或 GBK，首行为列名）或 JSON Lines；列名见 docs/screening.md。</p>
<label>户籍名单（必选）<input id="hukou" type="file" accept=".csv,.jsonl,.json,.txt"></label>
<label>困难群体名单（可多选）<input id="hardship" type="file" multiple accept=".csv,.jsonl,.json,.txt"></label>
<label>城乡居民养老保险参保名册<input id="roll" type="file" accept=".csv,.jsonl,.json,.txt"></label>
<label>排除名单：在校生、服刑、职工养老保险、现役军人、死亡、出国定居（可多选）<input id="exclusions" type="file" multiple accept=".csv,.jsonl,.json,.txt"></label></section>
<section><h2>2. 比对</h2>
<label>比对月份（YYYY-MM）<input id="month" size="10" inputmode="numeric" placeholder="例如 2026-06"></label>
<label><input id="by-township" type="checkbox"> 按乡镇分别输出结果</label>
<label>与上次比对比较（可选，填上次比对编号）<input id="previous" size="40"></label>
<button id="run" type="button">开始比对</button>
<progress id="progress" max="100" value="0" aria-label="比对进度"></progress>
<p>比对编号：<span id="screening-id"></span></p>
<p id="run-status" role="status"></p></section>
<section><h2>3. 周调度通报</h2><table id="summary"></table><p id="downloads"></p></section>
<script type="module">${SCRIPT}</script>
</body></html>
`;

export const handler = pageHandler(() => ({
  html: HTML,
  csp: pageCsp({ script: cspHash(SCRIPT), style: "'unsafe-inline'", img: "'none'" }),
}));
