/**
 * Caseworker page: reads a resident's facts into the API's case, calls the three calculations and
 * shows what is owed and why, and prints the 待遇核定单. No network but this origin's API. The ID
 * number is only read from its input when a request is sent (and masked on the printed sheet): it
 * never goes into the URL, browser storage or any log. Only the token is kept (sessionStorage).
 */
import { api, showRequestFailure } from './api.ts';
import { setUpAreaPicker, showAreaName } from './areas.ts';
import { type Arrears, DATA, type Eligibility, type Entitlement } from './data.ts';
import { $, h, input } from './dom.ts';
import {
  addRow,
  checkIdAsTyped,
  clearErrors,
  clearForm,
  explainMonth,
  explainRestoredPeriods,
  isFutureMonth,
  LIST_NAMES,
  loadCase,
  localProblems,
  readCase,
  renumber,
  setFieldError,
  showProblems,
} from './form.ts';
import { type Calculation, renderResults } from './results.ts';
import type { ListName } from './row-fields.ts';
import { renderSheet } from './sheet.ts';
import { collectStatic, lang, pick, STATUSES, setLang, staticText, t, translateStatic } from './text.ts';

const TOKEN_KEY = 'caseworker-token';
let last: Calculation | undefined;

let rulesetsLoadedFor = '';
async function loadRulesets(): Promise<void> {
  const token = input('token').value.trim();
  if (!token || rulesetsLoadedFor === token) return;
  try {
    const json = await api<{ rulesets?: { id: string; publishedAt?: string }[] }>('GET', 'v1/rulesets');
    rulesetsLoadedFor = token;
    const select = $<HTMLSelectElement>('ruleset');
    const chosen = select.value;
    const latest = select.querySelector('option[value=""]') as HTMLOptionElement;
    select.replaceChildren(latest);
    for (const r of json.rulesets ?? [])
      select.append(h('option', { value: r.id, text: `${r.id}（${r.publishedAt ?? ''}）` }));
    select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
    setFieldError(input('token'), '');
  } catch (error) {
    if (error instanceof Error && 'status' in error && (error.status === 401 || error.status === 403))
      setFieldError(input('token'), t(error.status === 401 ? 'badToken' : 'forbidden'));
  }
}

async function calculate(): Promise<void> {
  const token = input('token').value.trim();
  if (!token) {
    clearErrors();
    setFieldError(input('token'), t('needToken'));
    input('token').focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  const body = readCase();
  const own = localProblems(body);
  if (own.length) {
    showProblems(own)?.focus();
    return;
  }
  // A month not reached yet: the entitlement is a projection, and no back pay is owed for it.
  const projection = isFutureMonth(body.month);
  const results = $('results');
  results.setAttribute('aria-busy', 'true');
  $<HTMLButtonElement>('submit').disabled = true;
  $('results-empty').textContent = t('calculating');
  $('results-empty').hidden = false;
  try {
    const [eligibility, entitlement, arrears] = await Promise.all([
      api<Eligibility>('POST', 'v1/eligibility', body),
      api<Entitlement>('POST', 'v1/entitlement', body),
      projection ? Promise.resolve(undefined) : api<Arrears>('POST', 'v1/arrears', body),
    ]);
    clearErrors();
    explainMonth();
    // Keep the facts shown on the sheet, never the ID number.
    const { idNumber: _dropped, ...person } = body.person;
    last = {
      input: { ...body, person },
      eligibility,
      entitlement,
      projection,
      ...(arrears ? { arrears } : {}),
    };
    show();
    results.focus();
  } catch (error) {
    $('results-empty').textContent = staticText('results.empty');
    $('results-body').replaceChildren();
    $('sheet').replaceChildren();
    last = undefined;
    showRequestFailure(error);
  } finally {
    $<HTMLButtonElement>('submit').disabled = false;
    results.setAttribute('aria-busy', 'false');
  }
}

function show(): void {
  if (!last) return;
  renderResults(last);
  renderSheet(last);
  const appendix = input('print-appendix');
  appendix.checked = document.body.classList.contains('with-appendix');
  appendix.addEventListener('change', () =>
    document.body.classList.toggle('with-appendix', appendix.checked),
  );
}

function applyLanguage(): void {
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  translateStatic(document);
  const toggle = $('lang-toggle');
  toggle.textContent = lang() === 'zh' ? 'English' : '中文';
  toggle.lang = lang() === 'zh' ? 'en' : 'zh-CN';
  toggle.setAttribute('aria-pressed', String(lang() === 'en'));
  for (const list of LIST_NAMES) {
    for (const row of $(`${list}-rows`).children) {
      translateStatic(row);
      const kind = row.querySelector<HTMLSelectElement>('select[data-field="kind"]');
      if (kind) for (const o of kind.options) o.textContent = pick(STATUSES[o.value] ?? [o.value, o.value]);
      setUpAreaPicker(row as HTMLElement);
      const area = row.querySelector<HTMLInputElement>('[data-field="area"]');
      if (area?.value) showAreaName(area);
    }
    renumber(list);
  }
  renderExamples();
  checkIdAsTyped();
  explainMonth();
  explainRestoredPeriods();
  show();
}

function renderExamples(): void {
  $('examples').replaceChildren(
    ...DATA.examples.map((e) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', 'data-example': e.id },
          h('strong', { text: lang() === 'zh' ? e.title : e.titleEn }),
          h('span', { text: lang() === 'zh' ? e.note : e.noteEn }),
        ),
      ),
    ),
  );
}

function resetResults(message: string): void {
  $('results-empty').hidden = false;
  $('results-empty').textContent = message;
  $('results-body').replaceChildren();
  $('sheet').replaceChildren();
  last = undefined;
}

$('examples').addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLElement>('button[data-example]');
  const example = DATA.examples.find((e) => e.id === button?.dataset.example);
  if (!example) return;
  loadCase(example.case);
  explainMonth();
  resetResults(t('loaded', lang() === 'zh' ? example.title : example.titleEn));
  if (input('token').value.trim()) void calculate();
});

for (const button of document.querySelectorAll<HTMLElement>('[data-add]')) {
  button.addEventListener('click', () => {
    const row = addRow(button.dataset.add as ListName);
    row.querySelector<HTMLElement>('input, select')?.focus();
  });
}

$('case-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void calculate();
});
$('clear').addEventListener('click', () => {
  clearForm();
  addRow('hukou');
  explainMonth();
  resetResults(staticText('results.empty'));
  input('birthDate').focus();
});
$('error-summary').addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLElement>('a[data-focus]');
  if (!link) return;
  event.preventDefault();
  $(link.dataset.focus as string).focus();
});
input('idNumber').addEventListener('input', checkIdAsTyped);
input('month').addEventListener('input', explainMonth);
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void loadRulesets();
});
input('token').addEventListener('change', () => {
  const token = input('token').value.trim();
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  void loadRulesets();
});
$('lang-toggle').addEventListener('click', () => {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  applyLanguage();
});

collectStatic();
input('token').value = sessionStorage.getItem(TOKEN_KEY) ?? '';
renderExamples();
addRow('hukou');
if (input('token').value) void loadRulesets();
document.documentElement.dataset.ready = 'true';
