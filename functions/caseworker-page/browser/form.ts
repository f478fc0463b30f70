/**
 * The form: repeatable rows, reading the facts into the API's case, filling it from an example, and
 * showing problems (the page's own checks and the API's) at the fields they are about.
 */

import { currentMonth, todayInBeijing } from '../../shared/beijing-time.ts';
import { rowAreaCode, setArea, setUpAreaPicker } from './areas.ts';
import { type CaseInput, DATA } from './data.ts';
import { $, h, input } from './dom.ts';
import { birthDateOf, idProblem } from './resident-id.ts';
import { type ListName, rowFields } from './row-fields.ts';
import { messageText, pick, STATUSES, t, translateStatic } from './text.ts';

const LISTS: Record<
  ListName,
  { path: string; legend: 'hukouRow' | 'statusRow' | 'contribRow' | 'paymentRow' }
> = {
  hukou: { path: 'person.hukou', legend: 'hukouRow' },
  statuses: { path: 'person.statuses', legend: 'statusRow' },
  contributions: { path: 'person.contributions', legend: 'contribRow' },
  payments: { path: 'payments', legend: 'paymentRow' },
};
export const LIST_NAMES = Object.keys(LISTS) as ListName[];

export function addRow(list: ListName, values: Record<string, unknown> = {}): HTMLFieldSetElement {
  const template = $<HTMLTemplateElement>('tpl-row');
  const row = (template.content.firstElementChild as HTMLFieldSetElement).cloneNode(
    true,
  ) as HTMLFieldSetElement;
  translateStatic(row);
  (row.querySelector('.grid') as HTMLElement).append(...rowFields(list));
  // Under a hukou row: why a restored period's gap is not counted (explainRestoredPeriods).
  if (list === 'hukou')
    row.querySelector('.remove')?.before(h('p', { class: 'row-note note', hidden: true }));
  const kind = row.querySelector<HTMLSelectElement>('select[data-field="kind"]');
  if (kind) {
    for (const [code, names] of Object.entries(STATUSES))
      kind.append(h('option', { value: code, text: pick(names) }));
    // 低保类别 belongs to 低保 alone: shown (and sent) only for that kind.
    const classSelect = row.querySelector<HTMLSelectElement>('[data-field="class"]') as HTMLSelectElement;
    const classField = classSelect.closest('.field') as HTMLElement;
    const showClass = () => {
      classField.hidden = kind.value !== 'minimum-living-allowance';
      if (classField.hidden) classSelect.value = '';
    };
    kind.addEventListener('change', showClass);
    queueMicrotask(showClass);
  }
  $(`${list}-rows`).append(row);
  setUpAreaPicker(row);
  for (const [field, value] of Object.entries(values)) {
    const control = row.querySelector<HTMLInputElement>(`[data-field="${field}"]`);
    if (!control) continue;
    if (control.type === 'checkbox') control.checked = Boolean(value);
    else if (field === 'area') setArea(row, String(value));
    else control.value = String(value);
  }
  if (kind) kind.dispatchEvent(new Event('change'));
  (row.querySelector('.remove') as HTMLButtonElement).addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    renumber(list);
    (
      next?.querySelector<HTMLElement>('input, select') ??
      document.querySelector<HTMLElement>(`[data-add="${list}"]`)
    )?.focus();
    if (list === 'hukou') explainRestoredPeriods();
  });
  if (list === 'hukou') {
    for (const date of row.querySelectorAll('input[type="date"]'))
      date.addEventListener('change', explainRestoredPeriods);
  }
  renumber(list);
  return row;
}

export function renumber(list: ListName): void {
  const { path, legend } = LISTS[list];
  [...$(`${list}-rows`).children].forEach((child, i) => {
    const row = child as HTMLElement;
    row.dataset.path = `${path}[${i}]`;
    (row.querySelector('.row-legend') as HTMLElement).textContent = t(legend, i + 1);
    row.querySelector('.remove')?.setAttribute('aria-label', `${t('remove')}：${t(legend, i + 1)}`);
    for (const control of row.querySelectorAll<HTMLElement>('[data-field]'))
      control.dataset.path = `${path}[${i}].${control.dataset.field}`;
  });
}

function rowsOf(list: ListName): Record<string, string | boolean>[] {
  return [...$(`${list}-rows`).children].map((row) => {
    const values: Record<string, string | boolean> = {};
    for (const control of row.querySelectorAll<HTMLInputElement>('[data-field]')) {
      values[control.dataset.field as string] =
        control.type === 'checkbox'
          ? control.checked
          : control.dataset.field === 'area'
            ? rowAreaCode(control)
            : control.value.trim();
    }
    return values;
  });
}

/** "105" → "105.00", "7.5" → "7.50"; anything else goes as typed so the API names the field. */
function money(text: string): string {
  const v = text.replace(/[,，\s]/g, '');
  if (/^\d+$/.test(v)) return `${v}.00`;
  if (/^\d+\.\d$/.test(v)) return `${v}0`;
  return v;
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : '');

export function readCase(): CaseInput {
  const person: CaseInput['person'] = { birthDate: input('birthDate').value, hukou: [] };
  const id = input('idNumber').value.trim();
  if (id) person.idNumber = id;
  if (input('deathDate').value) person.deathDate = input('deathDate').value;
  person.hukou = rowsOf('hukou').map((r) => ({
    area: str(r.area),
    from: str(r.from),
    ...(r.to ? { to: str(r.to) } : {}),
    ...(r.restoredOn ? { restoredOn: str(r.restoredOn) } : {}),
  }));
  const statuses = rowsOf('statuses').map((r) => ({
    kind: str(r.kind),
    from: str(r.from),
    ...(r.to ? { to: str(r.to) } : {}),
    ...(r.class ? { class: Number(r.class) } : {}),
  }));
  if (statuses.length) person.statuses = statuses;
  const contributions = rowsOf('contributions').map((r) => ({
    year: /^\d{1,4}$/.test(str(r.year)) ? Number(r.year) : str(r.year),
    personal: money(str(r.personal) || '0'),
    ...(r.governmentPaid ? { governmentPaid: money(str(r.governmentPaid)) } : {}),
    ...(r.subsidy ? { subsidy: money(str(r.subsidy)) } : {}),
    ...(r.makeUp ? { makeUp: true } : {}),
  }));
  if (contributions.length) person.contributions = contributions;
  const amount = input('accountAmount').value.trim();
  const asOf = input('accountAsOf').value;
  if (amount || asOf) person.accountBalance = { amount: money(amount), asOf };
  const body: CaseInput = { person, month: input('month').value.trim() };
  const payments = rowsOf('payments').map((r) => ({
    from: str(r.from),
    to: str(r.to),
    monthly: money(str(r.monthly)),
  }));
  if (payments.length) body.payments = payments;
  const ruleset = $<HTMLSelectElement>('ruleset').value;
  if (ruleset) body.ruleset = ruleset;
  return body;
}

export function clearForm(): void {
  for (const id of [
    'birthDate',
    'idNumber',
    'deathDate',
    'accountAmount',
    'accountAsOf',
    'month',
    'name',
    'office',
  ])
    input(id).value = '';
  $<HTMLSelectElement>('ruleset').value = '';
  for (const list of LIST_NAMES) $(`${list}-rows`).replaceChildren();
  clearErrors();
  checkIdAsTyped();
  explainRestoredPeriods();
}

export function loadCase(c: CaseInput): void {
  clearForm();
  const p = c.person;
  input('birthDate').value = p.birthDate;
  input('deathDate').value = p.deathDate ?? '';
  for (const row of p.hukou) addRow('hukou', row);
  for (const row of p.statuses ?? []) addRow('statuses', row);
  for (const row of p.contributions ?? []) addRow('contributions', row);
  if (p.accountBalance) {
    input('accountAmount').value = p.accountBalance.amount;
    input('accountAsOf').value = p.accountBalance.asOf;
  }
  for (const row of c.payments ?? []) addRow('payments', row);
  input('month').value = c.month;
  explainRestoredPeriods();
}

// ---------- problems at their fields ----------

export function setFieldError(control: Element, message: string): boolean {
  const err = control.closest('.field')?.querySelector('.field-error');
  if (!err) return false;
  err.classList.remove('field-ok');
  err.textContent = message;
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
  return true;
}

export function clearErrors(): void {
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of document.querySelectorAll('.field-error')) {
    if (el.id !== 'idNumber-err') el.textContent = '';
  }
  const summary = $('error-summary');
  summary.hidden = true;
  summary.replaceChildren();
}

/** The control an API path names; a path to a row or list falls back to that row or list. */
function controlFor(path: string): HTMLElement | undefined {
  let p = path;
  while (p) {
    const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`);
    if (el) return el;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return undefined;
}

function describeField(control: HTMLElement): string {
  const label = document.querySelector(`label[for="${CSS.escape(control.id)}"]`)?.textContent ?? '';
  const row = control.closest('fieldset.row');
  return row ? `${row.querySelector('.row-legend')?.textContent ?? ''} · ${label}` : label;
}

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
  /** Already in the page's language (the page's own checks); else an API message to translate. */
  readonly shown?: boolean;
}

/** Each problem at its field, and all of them in the summary with links; the first control returned. */
export function showProblems(problems: readonly FieldProblem[]): HTMLElement | undefined {
  clearErrors();
  const items: HTMLElement[] = [];
  let first: HTMLElement | undefined;
  const seen = new Set<string>();
  for (const { path, message, shown } of problems) {
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = shown ? message : messageText(message);
    const target = controlFor(path);
    let control = target;
    if (target && !target.matches('input, select'))
      control = target.querySelector<HTMLElement>('input, select') ?? undefined;
    if (target?.matches('input, select')) setFieldError(target, text);
    else if (path.startsWith('person.hukou')) $('hukou-err').textContent = text;
    first ??= control;
    const label = control ? describeField(control) : path;
    items.push(
      h(
        'li',
        {},
        control
          ? h('a', { href: `#${control.id}`, 'data-focus': control.id, text: `${label}：${text}` })
          : `${label}：${text}`,
      ),
    );
  }
  const summary = $('error-summary');
  summary.replaceChildren(h('p', { text: t('errSummary') }), h('ul', {}, items));
  summary.hidden = false;
  summary.focus();
  return first;
}

// ---------- the page's own checks, before anything is sent ----------

/**
 * What the page can tell at once, each at its own field in Chinese: dates and months that cannot be
 * right for this office today. The API checks everything again; these only say it sooner and better.
 */
export function localProblems(c: CaseInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  const today = todayInBeijing();
  const add = (path: string, message: string) => out.push({ path, message, shown: true });
  if (c.person.birthDate && c.person.birthDate > today) add('person.birthDate', t('birthFuture', today));
  if (/^\d{4}-\d{2}$/.test(c.month) && c.month < DATA.coverageStart)
    add('month', t('monthBeforeScheme', DATA.coverageStart));
  const negative = (value: string | undefined, path: string) => {
    if (value?.startsWith('-')) add(path, t('negativeAmount'));
  };
  c.person.contributions?.forEach((row, i) => {
    negative(row.personal, `person.contributions[${i}].personal`);
    negative(row.governmentPaid, `person.contributions[${i}].governmentPaid`);
    negative(row.subsidy, `person.contributions[${i}].subsidy`);
  });
  negative(c.person.accountBalance?.amount, 'person.accountBalance.amount');
  c.payments?.forEach((row, i) => {
    negative(row.monthly, `payments[${i}].monthly`);
    const thisMonth = currentMonth();
    if (row.to > thisMonth) add(`payments[${i}].to`, t('paidFuture', thisMonth));
  });
  return out;
}

/** A month after this one: the entitlement is a projection and no back pay is worked out. */
export const isFutureMonth = (month: string) => month > currentMonth();

// ---------- as typed ----------

export function checkIdAsTyped(): void {
  const control = input('idNumber');
  const value = control.value.trim();
  const out = $('idNumber-err');
  out.classList.remove('field-ok');
  if (!value) {
    setFieldError(control, '');
    return;
  }
  if (value.length < 18 && /^\d*$/.test(value)) {
    control.removeAttribute('aria-invalid');
    out.textContent = t('idLength', value.length);
    out.classList.add('field-ok');
    return;
  }
  const problem = idProblem(value);
  if (problem === 'shape') setFieldError(control, messageText('must be 17 digits followed by a digit or X'));
  else if (problem === 'check-digit') setFieldError(control, messageText('the check digit is wrong'));
  else {
    setFieldError(control, '');
    // A valid number carries the birth date: fill it when it is still empty.
    const born = birthDateOf(value);
    const birth = input('birthDate');
    const filled = born !== undefined && !birth.value;
    if (filled) birth.value = born;
    out.textContent = filled ? `${t('idOk')}${t('birthFilled', born)}` : t('idOk');
    out.classList.add('field-ok');
  }
}

/** Says under the month field when it is a future month (a projection, no back pay). */
export function explainMonth(): void {
  const month = input('month').value;
  const note = $('month-note');
  note.textContent =
    /^\d{4}-\d{2}$/.test(month) && isFutureMonth(month) ? t('futureMonth', currentMonth()) : '';
}

/**
 * A restored period whose 恢复日期 equals its 起始日期 after an earlier period that ended before it:
 * the months between are not counted unless the restored period starts where the record was lost.
 */
export function explainRestoredPeriods(): void {
  const rows = [...$('hukou-rows').children] as HTMLElement[];
  let previousEnd = '';
  for (const row of rows) {
    const value = (field: string) =>
      row.querySelector<HTMLInputElement>(`[data-field="${field}"]`)?.value ?? '';
    const note = row.querySelector<HTMLElement>('.row-note');
    if (!note) continue;
    const from = value('from');
    const restored = value('restoredOn');
    note.textContent =
      restored && restored === from && previousEnd && previousEnd < from
        ? t('restoredGap', previousEnd, from)
        : '';
    note.hidden = !note.textContent;
    previousEnd = value('to');
  }
}
