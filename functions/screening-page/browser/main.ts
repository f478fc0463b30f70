/**
 * The screening page (GET /screening): pick the lists, the month and optionally an earlier screening,
 * upload them to POST /v1/screenings, follow the run, show the weekly dispatch table (周调度通报) and
 * offer the CSV files. Every call carries the token typed into the page.
 */
import { type SummaryRow, summaryCells, summaryHeader, TOTAL } from '../../screening/summary-table.ts';
import { callApi, type Problem } from '../../shared/browser/api.ts';

/** The parts of GET /v1/screenings/{id} the page shows (functions/screenings-get/schema.ts). */
interface Screening {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly progress: { readonly percent: number };
  readonly error?: string;
  readonly badRows?: number;
  readonly lists?: readonly { readonly name: string; readonly encoding: string }[];
  readonly townships?: readonly string[];
  readonly summary?: {
    readonly screened: number;
    readonly withFindings: number;
    readonly areas: readonly SummaryRow[];
    readonly total: SummaryRow;
  };
}

const STATUS_ZH: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '输入有误（400）',
  401: '令牌无效或未填写（401）：请粘贴政策处或经办令牌',
  403: '此令牌无权使用比对（403）：需要政策处（policy）或经办（caseworker）令牌',
  404: '找不到（404）',
  409: '比对尚未完成（409）',
  413: '文件太大（413）：网页上传合计不超过约 700 KB，更大的名单请用命令行 npm run screen',
  422: '内容无效（422）',
  429: '请求太频繁（429），请稍后再试',
  503: '服务暂时不可用（503），请稍后再试',
};

const LISTS = ['hukou', 'hardship', 'roll', 'exclusions'] as const;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page element #${id} is missing`);
  return el as T;
};
const field = (id: string) => $<HTMLInputElement>(id);

class ApiError extends Error {
  constructor(
    readonly status: number,
    data: Problem,
  ) {
    const lines = (data.errors ?? []).map((e) => `• ${e.path ? `${e.path}：` : ''}${e.message}`);
    super((STATUS_ZH[status] ?? `请求被拒绝（${status}）`) + (lines.length ? `\n${lines.join('\n')}` : ''));
  }
}

const call = (method: string, path: string, body?: unknown) =>
  callApi(
    { method, path, token: field('token').value, body },
    (status, problem) => new ApiError(status, problem),
  );

function show(text: string, ok: boolean): void {
  const el = $('run-status');
  el.textContent = text;
  el.className = ok ? 'ok' : 'error';
}

/** A file's bytes as base64, in slices (a spread of a whole large file overflows the call stack). */
function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

async function filesOf(list: (typeof LISTS)[number]) {
  return Promise.all(
    [...(field(list).files ?? [])].map(async (f) => ({
      list,
      name: f.name,
      content: base64(await f.arrayBuffer()),
    })),
  );
}

const cell = (tag: 'td' | 'th', text: string | number) => {
  const el = document.createElement(tag);
  el.textContent = String(text);
  if (tag === 'th') el.scope = 'col';
  return el;
};

/** The weekly dispatch table: one row per county (code and name), then the total. */
function table(summary: NonNullable<Screening['summary']>): void {
  const head = document.createElement('tr');
  head.append(...summaryHeader(summary.total.comparison !== undefined).map((h) => cell('th', h)));
  const row = (r: SummaryRow) => {
    const tr = document.createElement('tr');
    if (r.area === TOTAL) tr.className = 'total';
    tr.append(...summaryCells(r).map((v) => cell('td', v)));
    return tr;
  };
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  tbody.append(...summary.areas.map(row), row(summary.total));
  $('summary').replaceChildren(thead, tbody);
}

async function download(id: string, query: string, name: string): Promise<void> {
  const blob = await (await call('GET', `/v1/screenings/${id}/results${query}`)).blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.textContent = name;
  $('downloads').append(a);
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function run(): Promise<void> {
  const lists = (await Promise.all(LISTS.map(filesOf))).flat();
  const previous = field('previous').value.trim();
  const body = {
    month: field('month').value.trim(),
    byTownship: field('by-township').checked,
    lists,
    ...(previous ? { previousId: previous } : {}),
  };
  const queued = (await (await call('POST', '/v1/screenings', body)).json()) as {
    id: string;
    location: string;
  };
  $('screening-id').textContent = queued.id;
  for (;;) {
    await pause(500);
    const s = (await (await call('GET', queued.location)).json()) as Screening;
    $<HTMLProgressElement>('progress').value = s.progress.percent;
    if (s.status === 'failed') return show(`比对失败：${s.error ?? ''}`, false);
    if (s.status !== 'done' || !s.summary) {
      show(`${s.status === 'queued' ? '已排队' : '比对中'}…（${s.progress.percent}%）`, true);
      continue;
    }
    const gbk = (s.lists ?? []).filter((l) => l.encoding === 'gbk').map((l) => l.name);
    show(
      `比对完成：筛查 ${s.summary.screened} 人，发现问题 ${s.summary.withFindings} 人；无法读取的行 ${s.badRows ?? 0} 行${gbk.length ? `；按 GBK 读取：${gbk.join('、')}` : ''}。`,
      true,
    );
    table(s.summary);
    await download(s.id, '', '比对结果.csv');
    await download(s.id, '?file=summary', '周调度通报.csv');
    await download(s.id, '?file=bad-rows', '无法读取的行.csv');
    for (const t of s.townships ?? [])
      await download(s.id, `?township=${encodeURIComponent(t)}`, `${t === 'none' ? '无户籍' : t}.csv`);
    return;
  }
}

$('run').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('run');
  button.disabled = true;
  $('downloads').textContent = '';
  $('summary').textContent = '';
  field('month').removeAttribute('aria-invalid');
  try {
    await run();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    show(error.message, false);
    if (error instanceof ApiError && error.status === 400 && /month/.test(error.message))
      field('month').setAttribute('aria-invalid', 'true');
  }
  button.disabled = false;
});
