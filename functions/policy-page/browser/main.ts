/**
 * The policy page (GET /policy): upload a case set, write or upload a draft (its diff is shown),
 * run a simulation, watch its progress, read the report, download it (CSV, JSON, HTML), open it in
 * its own window and print it. Every call carries the policy token typed into the page.
 */
import { callApi, type Problem } from '../../shared/browser/api.ts';
import { draftProblem, STATUS_ZH, zh } from './messages.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page element #${id} is missing`);
  return el as T;
};
const field = (id: string) => $<HTMLInputElement>(id);

const state: { caseSetId: string | null; draftId: string | null; simulationId: string | null } = {
  caseSetId: null,
  draftId: null,
  simulationId: null,
};

class ApiError extends Error {
  readonly lines: string[];
  constructor(
    readonly status: number,
    data: Problem,
  ) {
    const draft = $<HTMLTextAreaElement>('draft-text').value;
    const lines = (data.errors ?? []).map(
      (e) =>
        `• ${e.path === 'draft' ? draftProblem(e.message, draft) : `${e.path ? `${e.path}：` : ''}${zh(e.message)}`}`,
    );
    // The details name fields and values; for the other statuses the Chinese heading says it all.
    if (lines.length === 0 && data.detail && [400, 413, 415, 422].includes(status))
      lines.push(`• ${zh(data.detail)}`);
    const head =
      STATUS_ZH[status] ??
      (status >= 500 ? `服务器出错（${status}），请稍后重试` : `请求被拒绝（${status}）`);
    super(head + (lines.length ? `\n${lines.join('\n')}` : ''));
    this.lines = lines;
  }
}

const call = (method: string, path: string, body?: unknown) =>
  callApi(
    { method, path, token: field('token').value, body },
    (status, problem) => new ApiError(status, problem),
  );

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await (await call(method, path, body)).json()) as T;
}

function show(id: string, text: string, ok: boolean, control?: HTMLElement): void {
  const el = $(id);
  el.textContent = text;
  el.className = ok ? 'ok' : 'error';
  if (control) {
    if (ok) control.removeAttribute('aria-invalid');
    else control.setAttribute('aria-invalid', 'true');
  }
}

// A refused token is the token's problem, whichever step found it: say so at the token field too.
function failed(id: string, error: unknown, control?: HTMLElement): void {
  if (!(error instanceof Error)) throw error;
  const status = error instanceof ApiError ? error.status : undefined;
  const refused = status === 401 || status === 403;
  if (refused) show('token-status', error.message, false, field('token'));
  show(id, error.message, false, refused ? undefined : control);
}

function ready(): void {
  $<HTMLButtonElement>('run').disabled = !(state.caseSetId && state.draftId);
}

field('token').addEventListener('input', () => show('token-status', '', true, field('token')));

field('case-file').addEventListener('change', async () => {
  const file = field('case-file').files?.[0];
  state.caseSetId = null;
  ready();
  if (!file) return;
  show('case-status', `正在上传 ${file.name} …`, true, field('case-file'));
  try {
    if (file.size > 900000) throw new Error('文件太大：每次上传不超过 900 kB，请拆分后分别测算');
    const content = await file.text();
    const format = /\.csv$/i.test(file.name) ? 'csv' : 'jsonl';
    const created = await api<{ id: string; name: string; lines: number }>('POST', '/v1/case-sets', {
      name: file.name,
      format,
      content,
    });
    state.caseSetId = created.id;
    show(
      'case-status',
      `已上传：${created.name}，共 ${created.lines} 行案例（${format === 'csv' ? 'CSV，不含表头' : 'JSON Lines'}）；有问题的行在测算时按文件中的行号列出并跳过`,
      true,
      field('case-file'),
    );
    show('token-status', '', true, field('token'));
  } catch (error) {
    failed('case-status', error, field('case-file'));
  }
  ready();
});

function draftChanged(note: string): void {
  if (state.draftId) show('draft-status', note, true, $('draft-text'));
  state.draftId = null;
  ready();
}
$('draft-text').addEventListener('input', () => draftChanged('草案已修改，请重新检查。'));
field('draft-file').addEventListener('change', async () => {
  const file = field('draft-file').files?.[0];
  if (!file) return;
  $<HTMLTextAreaElement>('draft-text').value = await file.text();
  state.draftId = null;
  ready();
  show('draft-status', `已读入 ${file.name}，请检查草案。`, true, $('draft-text'));
});

interface DiffValue {
  readonly from: string;
  readonly value: unknown;
}
interface CreatedDraft {
  readonly id: string;
  readonly base: string;
  readonly candidate: { id: string };
  readonly diff: readonly {
    parameter: string;
    label: string;
    area: string;
    removed: DiffValue[];
    added: DiffValue[];
  }[];
}

$('check-draft').addEventListener('click', async () => {
  state.draftId = null;
  ready();
  show('draft-status', '正在检查草案…', true, $('draft-text'));
  try {
    const created = await api<CreatedDraft>('POST', '/v1/drafts', {
      yaml: $<HTMLTextAreaElement>('draft-text').value,
    });
    state.draftId = created.id;
    const lines = created.diff.flatMap((d) => [
      `${d.parameter}（${d.label}）@ ${d.area === 'national' ? '全国' : d.area}`,
      ...d.removed.map((v) => `  − ${v.from}：${JSON.stringify(v.value)}`),
      ...d.added.map((v) => `  ＋ ${v.from}：${JSON.stringify(v.value)}`),
    ]);
    show(
      'draft-status',
      `草案有效，拟议版本 ${created.candidate.id}（基于 ${created.base}）。参数变化：\n${lines.join('\n') || '（无）'}`,
      true,
      $('draft-text'),
    );
    show('token-status', '', true, field('token'));
    // A cost question is asked of one month: the month the change takes effect, unless one is typed.
    const first = created.diff.flatMap((d) => d.added.map((v) => v.from)).sort()[0];
    if (first && !field('month').value.trim()) {
      field('month').value = first.slice(0, 7);
      $('month-hint').textContent =
        `已按草案生效月份填入 ${first.slice(0, 7)}：所有案例都按这个月测算，年度支出按 ${first.slice(0, 4)} 年 1—12 月计算。清空则每个案例按其自身月份测算。`;
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 422)
      error.message = `草案未通过检查（422），请按下列提示修改：\n${error.lines.join('\n')}`;
    failed('draft-status', error, $('draft-text'));
  }
  ready();
});

// The month typed by hand replaces the one filled from the draft: the note about it goes.
const MONTH_HINT = $('month-hint').textContent ?? '';
field('month').addEventListener('input', () => {
  $('month-hint').textContent = MONTH_HINT;
});

const FIGURES = [
  'cases',
  'changed',
  'gainers',
  'losers',
  'unchanged',
  'errors',
  'monthlyCostDelta',
  'annualCostDelta',
  'arrearsDelta',
] as const;

interface Simulation {
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly progress?: { lines: number; percent: number };
  readonly error?: string;
  readonly report?: {
    summary: Record<(typeof FIGURES)[number], string | number>;
    meta: { month?: string; valued?: string; annualYears?: string };
  };
  readonly reportHtml?: string;
}

$('run').addEventListener('click', async () => {
  $<HTMLButtonElement>('run').disabled = true;
  $('summary').hidden = true;
  $('downloads').hidden = true;
  $('report').removeAttribute('srcdoc');
  $<HTMLProgressElement>('progress').value = 0;
  const month = field('month').value.trim();
  if (month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    show(
      'run-status',
      `测算月份“${month}”不对：请写成 YYYY-MM，例如 2027-01；或留空按各案例自身月份测算。`,
      false,
      field('month'),
    );
    ready();
    return;
  }
  try {
    const started = await api<{ id: string; location: string }>('POST', '/v1/simulations', {
      draftId: state.draftId,
      caseSetId: state.caseSetId,
      ...(month ? { month } : {}),
    });
    state.simulationId = started.id;
    show('run-status', '已排队，等待开始…', true, field('month'));
    for (;;) {
      await new Promise((r) => setTimeout(r, 400));
      const sim = await api<Simulation>('GET', started.location);
      $<HTMLProgressElement>('progress').value = sim.progress ? sim.progress.percent : 0;
      if (sim.status === 'done' && sim.report) {
        const s = sim.report.summary;
        for (const name of FIGURES)
          ($('summary').querySelector(`[data-figure="${name}"]`) as HTMLElement).textContent = String(
            s[name],
          );
        $('summary').hidden = false;
        $('valued').textContent = sim.report.meta.valued ?? '';
        show(
          'run-status',
          `完成：${s.cases} 个案例，${s.changed} 个变化，每月支出变化 ${s.monthlyCostDelta} 元。详细报告见下方，可下载。`,
          true,
        );
        $<HTMLIFrameElement>('report').srcdoc = sim.reportHtml ?? '';
        $('downloads').hidden = false;
        break;
      }
      if (sim.status === 'failed') {
        show('run-status', `测算失败：${sim.error ?? ''}`, false);
        break;
      }
      show(
        'run-status',
        `${sim.status === 'queued' ? '已排队' : '测算中'}… 已读 ${sim.progress ? sim.progress.lines : 0} 行（${$<HTMLProgressElement>('progress').value}%）`,
        true,
      );
    }
  } catch (error) {
    failed(
      'run-status',
      error,
      error instanceof ApiError && error.status === 400 && month ? field('month') : undefined,
    );
  }
  ready();
});

// ---------- the report taken away: downloaded, opened in its own window, printed ----------

const FILES = { csv: 'text/csv', json: 'application/json', html: 'text/html' } as const;
type Kind = keyof typeof FILES;

/** The report file from the API (the token goes in a header, so a plain link cannot fetch it). */
async function reportFile(kind: Kind): Promise<{ blob: Blob; name: string }> {
  const response = await call(
    'GET',
    `/v1/simulations/${encodeURIComponent(state.simulationId ?? '')}/report.${kind}`,
  );
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  return {
    blob: new Blob([await response.arrayBuffer()], { type: `${FILES[kind]};charset=utf-8` }),
    name: name ? decodeURIComponent(name) : `report.${kind}`,
  };
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-download]')) {
  button.addEventListener('click', async () => {
    try {
      const { blob, name } = await reportFile(button.dataset.download as Kind);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      show('download-status', `已下载 ${name}`, true);
    } catch (error) {
      failed('download-status', error);
    }
  });
}

async function openReport(print: boolean): Promise<void> {
  try {
    const { blob } = await reportFile('html');
    const url = URL.createObjectURL(blob);
    const opened = window.open(url, '_blank');
    if (!opened) {
      show('download-status', '浏览器阻止了新窗口：请允许本站弹出窗口，或下载 HTML 后打开。', false);
      return;
    }
    if (print) opened.addEventListener('load', () => opened.print(), { once: true });
    show(
      'download-status',
      print ? '报告已在新窗口打开，请在打印对话框中选择打印机。' : '报告已在新窗口打开。',
      true,
    );
  } catch (error) {
    failed('download-status', error);
  }
}
$('open-report').addEventListener('click', () => void openReport(false));
$('print-report').addEventListener('click', () => void openReport(true));

document.documentElement.dataset.ready = 'true';
