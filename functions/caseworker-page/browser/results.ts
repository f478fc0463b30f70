/** The result on screen: the headline figures, eligibility, the trace as arithmetic, the ledger. */

import { beijingTime } from '../../shared/beijing-time.ts';
import { api, showRequestFailure } from './api.ts';
import { areaText } from './areas.ts';
import { chart } from './chart.ts';
import type { Arrears, CaseInput, Eligibility, Entitlement, ParameterTrace, Reason } from './data.ts';
import { $, h } from './dom.ts';
import { COMPONENTS, lang, pick, reasonText, STATUSES, t } from './text.ts';
import {
  componentFormula,
  documentOf,
  eligibleBecause,
  reasonZh,
  relevantProvisional,
  sourceDetail,
  totalFormula,
} from './trace.ts';

export interface Calculation {
  /** The facts as sent, without the ID number (kept only in its input). */
  readonly input: CaseInput;
  readonly eligibility: Eligibility;
  readonly entitlement: Entitlement;
  /** Absent for a month not yet reached: no back pay is worked out for it. */
  readonly arrears?: Arrears;
  readonly projection: boolean;
}

const UNIT: Record<string, readonly [string, string]> = {
  'yuan/month': ['元/月', 'yuan/month'],
  'yuan/month per year': ['元/月·每年', 'yuan/month per year'],
  'yuan/month by age': ['元/月（按年龄）', 'yuan/month by age'],
  years: ['年', 'years'],
  yuan: ['元', 'yuan'],
};
const VALUE_ZH: Record<string, string> = {
  retroactive: '追溯补发',
  'next-month-after-birthday': '满龄次月',
  'march-1': '3月1日',
};

function paramValue(p: ParameterTrace): string {
  const unit = UNIT[p.unit];
  const value = lang() === 'zh' ? (VALUE_ZH[p.value] ?? p.value) : p.value;
  return unit ? `${value} ${pick(unit)}` : value;
}

const provisionalMark = (p: ParameterTrace) =>
  p.provisional ? h('span', { class: 'badge warn', text: t('provisionalBadge') }) : null;

/** The source: its document (文号 and title) first, then where it was read. */
function sourceCell(p: ParameterTrace): HTMLElement {
  const detail = sourceDetail(p.source);
  return h(
    'div',
    { class: 'source' },
    h('span', { class: 'doc', text: documentOf(p.source) }),
    detail ? h('div', { class: 'citation', text: detail }) : null,
    p.reason
      ? h(
          'div',
          { class: 'citation' },
          `${t('provisionalBadge')}：${lang() === 'zh' ? reasonZh(p.reason) : p.reason}`,
        )
      : null,
  );
}

/**
 * Parameters as one card per parameter (a list, not a wide table): label and value on top, area,
 * date and source below, wrapping on any screen.
 */
function paramsList(params: readonly ParameterTrace[]): HTMLElement {
  return h(
    'ul',
    { class: 'params' },
    params.map((p) =>
      h(
        'li',
        { 'data-parameter': p.id },
        h(
          'div',
          { class: 'param-head' },
          h('strong', { text: p.label }),
          ' ',
          provisionalMark(p),
          h('span', { class: 'param-value', text: paramValue(p) }),
        ),
        h('div', {
          class: 'param-meta',
          text: `${t('pArea')}：${areaText(p.area)} · ${t('pFrom')}：${p.from}`,
        }),
        sourceCell(p),
      ),
    ),
  );
}

function reasonsList(reasons: readonly Reason[]): HTMLElement | null {
  if (!reasons.length) return null;
  return h(
    'ul',
    { class: 'reasons' },
    reasons.map((r) =>
      h(
        'li',
        { 'data-reason': r.code },
        reasonText(r),
        ' ',
        h('span', { class: 'citation', text: `（${r.citation}）` }),
      ),
    ),
  );
}

function figure(label: string, value: string, id: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'figure' },
    h('span', { class: 'label', text: label }),
    h('span', { class: 'value', id, text: value }),
    note ? h('span', { class: 'figure-note', id: `${id}-note`, text: note }) : null,
  );
}

/** Every parameter the three answers name, once, by id. */
export function tracesOf(c: Calculation): Map<string, ParameterTrace> {
  const traces = new Map<string, ParameterTrace>();
  for (const comp of c.entitlement.components) for (const p of comp.parameters) traces.set(p.id, p);
  for (const p of [...c.entitlement.basis, ...c.eligibility.basis])
    if (!traces.has(p.id)) traces.set(p.id, p);
  return traces;
}

export function provisionalOf(c: Calculation): string[] {
  const ids = new Set([
    ...c.entitlement.provisional,
    ...c.eligibility.provisional,
    ...(c.arrears?.provisional ?? []),
  ]);
  return relevantProvisional([...ids].sort(), c.input);
}

export function renderResults(c: Calculation): void {
  const { input, eligibility: el, entitlement: en, arrears: ar } = c;
  $('results-empty').hidden = true;
  const body = $('results-body');
  const net = ar?.total.startsWith('-') ?? false;
  const area = en.area ?? el.area;
  const noPayments = !input.payments?.length;

  const headline = h(
    'div',
    { class: 'headline' },
    figure(
      c.projection ? t('monthlyProjected', en.month) : t('monthly', en.month),
      `¥${en.total}`,
      'result-total',
      c.projection ? t('projectionNote') : undefined,
    ),
    ar
      ? figure(
          net ? t('overpaid') : t('backPay'),
          `¥${net ? ar.total.slice(1) : ar.total}`,
          'result-arrears',
          noPayments && ar.total !== '0.00' ? t('noPaymentsNote') : undefined,
        )
      : figure(t('backPay'), t('none'), 'result-arrears', t('noArrearsFuture')),
    figure(t('benefitSince'), el.benefit.since ?? t('none'), 'result-since'),
  );

  const traces = tracesOf(c);
  const provisionalIds = provisionalOf(c);
  const warning = provisionalIds.length
    ? h(
        'div',
        { class: 'warning', role: 'note', id: 'provisional-warning' },
        h('strong', { text: t('provisionalH', provisionalIds.length) }),
        h('p', { text: t('provisionalNote') }),
        h(
          'details',
          {},
          h('summary', { text: t('provisionalList') }),
          h(
            'ul',
            { id: 'provisional-list' },
            provisionalIds.map((id) => {
              const p = traces.get(id);
              const reason = p?.reason ? (lang() === 'zh' ? reasonZh(p.reason) : p.reason) : '';
              return h(
                'li',
                { 'data-provisional': id },
                p ? `${p.label}（${paramValue(p)}）` : id,
                reason ? `：${reason}` : '',
              );
            }),
          ),
        ),
      )
    : null;

  const badge = (yes: boolean, id?: string) =>
    h('span', { class: `badge ${yes ? 'yes' : 'no'}`, id, text: yes ? t('yes') : t('no') });
  const because =
    el.benefit.eligible && el.benefit.reasons.length === 0
      ? eligibleBecause(el, input, area ? areaText(area) : '')
      : [];
  const eligibility = h(
    'section',
    { id: 'eligibility', 'aria-labelledby': 'elig-h' },
    h('h3', { id: 'elig-h', text: t('eligibilityH') }),
    h(
      'p',
      {},
      `${t('benefit')}：`,
      badge(el.benefit.eligible, 'benefit-eligible'),
      el.benefit.since ? ` ${t('since', el.benefit.since)}` : '',
    ),
    reasonsList(el.benefit.reasons),
    because.length
      ? h(
          'ul',
          { class: 'reasons because', id: 'benefit-because' },
          because.map((line) => h('li', { text: line })),
        )
      : null,
    h('p', {}, `${t('enrolment')}：`, badge(el.enrolment.eligible)),
    reasonsList(el.enrolment.reasons),
    h(
      'p',
      { id: 'premium' },
      `${t('premiumH')}：`,
      el.governmentPaidPremium
        ? t(
            'premium',
            el.governmentPaidPremium.year,
            el.governmentPaidPremium.amount,
            pick(
              STATUSES[el.governmentPaidPremium.category] ?? [
                el.governmentPaidPremium.category,
                el.governmentPaidPremium.category,
              ],
            ),
          )
        : t('noPremium'),
    ),
    el.basis.length
      ? h('details', {}, h('summary', { text: t('basisH') }), paramsList(dedupe(el.basis)))
      : null,
  );

  const amounts = h(
    'section',
    { id: 'amounts', 'aria-labelledby': 'amount-h' },
    h('h3', {
      id: 'amount-h',
      text: `${t('amountH')}（${en.month}${c.projection ? t('projectionTag') : ''}）`,
    }),
    reasonsList(en.reasons),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'components' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', text: t('component') }),
            h('th', { scope: 'col', class: 'num', text: t('amount') }),
          ),
        ),
        h(
          'tbody',
          {},
          en.components.flatMap((comp) => {
            const formula = componentFormula(comp, input, en.month);
            return [
              h(
                'tr',
                { 'data-component': comp.code },
                h(
                  'td',
                  {},
                  h('strong', { text: pick(COMPONENTS[comp.code] ?? [comp.code, comp.code]) }),
                  comp.parameters.some((p) => p.provisional)
                    ? [' ', h('span', { class: 'badge warn', text: t('provisionalBadge') })]
                    : null,
                  formula
                    ? h('div', { class: 'formula', 'data-formula-of': comp.code, text: formula })
                    : null,
                ),
                h('td', { class: 'num', text: comp.amount }),
              ),
              comp.parameters.length
                ? h(
                    'tr',
                    { class: 'params-row', 'data-parameters-of': comp.code },
                    h(
                      'td',
                      { colspan: 2 },
                      h(
                        'details',
                        {},
                        h('summary', { text: t('paramsOf', comp.parameters.length) }),
                        paramsList(comp.parameters),
                      ),
                    ),
                  )
                : null,
            ];
          }),
        ),
        h(
          'tfoot',
          {},
          h(
            'tr',
            {},
            h(
              'td',
              {},
              t('total'),
              h('div', {
                class: 'formula',
                id: 'total-formula',
                text: totalFormula(en.components, en.total),
              }),
            ),
            h('td', { class: 'num', text: en.total }),
          ),
        ),
      ),
    ),
  );

  const ledger = h(
    'section',
    { 'aria-labelledby': 'arrears-h' },
    h('h3', { id: 'arrears-h', text: t('arrearsH') }),
    !ar
      ? h('p', { class: 'note', id: 'arrears-future', text: t('noArrearsFuture') })
      : ar.segments.some((g) => g.monthly !== '0.00')
        ? [
            h('p', { text: t('arrearsRange', ar.from, ar.to, ar.months) }),
            noPayments ? h('p', { class: 'note', id: 'no-payments-note', text: t('noPaymentsNote') }) : null,
            ...ar.uncovered.map((u) =>
              h('p', { class: 'note uncovered', text: t('uncovered', u.from, u.to, u.months, u.area) }),
            ),
            h('div', { class: 'table-wrap' }, segmentsTable(ar, net)),
            chart(ar),
          ]
        : h('p', { text: t('noArrears') }),
  );

  const receipts = h(
    'section',
    { class: 'receipt', 'aria-labelledby': 'receipt-h' },
    h('h3', { id: 'receipt-h', text: t('receiptH') }),
    h(
      'dl',
      {},
      h('dt', { text: `${t('calcId')}（${t('amountH')}）` }),
      h('dd', { id: 'receipt-calculation', text: en.receipt.calculationId }),
      ar
        ? [
            h('dt', { text: `${t('calcId')}（${t('arrearsH')}）` }),
            h('dd', { text: ar.receipt.calculationId }),
          ]
        : null,
      h('dt', { text: `${t('calcId')}（${t('eligibilityH')}）` }),
      h('dd', { text: el.receipt.calculationId }),
      h('dt', { text: t('ruleset') }),
      h('dd', { text: en.receipt.ruleset }),
      h('dt', { text: t('rulesetHash') }),
      h('dd', { id: 'receipt-hash', text: en.receipt.rulesetHash }),
      h('dt', { text: t('inputHash') }),
      h('dd', { text: en.receipt.inputHash }),
      h('dt', { text: t('calculatedAt') }),
      h('dd', { text: beijingTime(en.receipt.calculatedAt) }),
    ),
  );

  const tools = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', id: 'print', text: t('print') }),
    h(
      'label',
      { class: 'check inline' },
      h('input', { type: 'checkbox', id: 'print-appendix' }),
      t('printAppendix'),
    ),
    area ? h('button', { type: 'button', id: 'show-params', text: t('paramsButton') }) : null,
  );
  const paramsOut = h('div', { id: 'all-params', 'aria-live': 'polite' });

  body.replaceChildren(headline, warning ?? '', eligibility, amounts, ledger, receipts, tools, paramsOut);
  $('print').addEventListener('click', () => window.print());
  document
    .getElementById('show-params')
    ?.addEventListener(
      'click',
      () => void showAllParameters(en.receipt.ruleset, area as string, `${en.month}-01`),
    );
}

function segmentsTable(ar: Arrears, net: boolean, id = 'segments'): HTMLTableElement {
  return h(
    'table',
    { id },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: t('segFrom') }),
        h('th', { scope: 'col', text: t('segTo') }),
        h('th', { scope: 'col', class: 'num', text: t('segMonths') }),
        h('th', { scope: 'col', class: 'num', text: t('segMonthly') }),
        h('th', { scope: 'col', class: 'num', text: t('segAmount') }),
      ),
    ),
    h(
      'tbody',
      {},
      ar.segments.map((g) =>
        h(
          'tr',
          {},
          h('td', { text: g.from }),
          h('td', { text: g.to }),
          h('td', { class: 'num', text: g.months }),
          h('td', { class: 'num', text: g.monthly }),
          h('td', { class: 'num', text: g.amount }),
        ),
      ),
    ),
    h(
      'tfoot',
      {},
      h('tr', {}, h('td', { colspan: 4, text: t('due') }), h('td', { class: 'num', text: ar.due })),
      h('tr', {}, h('td', { colspan: 4, text: t('paid') }), h('td', { class: 'num', text: ar.paid })),
      h(
        'tr',
        {},
        h('td', { colspan: 4, text: net ? t('overpaid') : t('net') }),
        h('td', { class: 'num', id: id === 'segments' ? 'arrears-total' : undefined, text: ar.total }),
      ),
    ),
  );
}

function dedupe(params: readonly ParameterTrace[]): ParameterTrace[] {
  const seen = new Set<string>();
  return params.filter((p) => {
    const key = `${p.id}|${p.from}|${p.area}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function showAllParameters(ruleset: string, area: string, date: string): Promise<void> {
  const out = $('all-params');
  try {
    const query = new URLSearchParams({ area, date });
    const json = await api<{ parameters?: ParameterTrace[] } | ParameterTrace[]>(
      'GET',
      `v1/rulesets/${encodeURIComponent(ruleset)}/parameters?${query}`,
    );
    const params = Array.isArray(json) ? json : (json.parameters ?? []);
    out.replaceChildren(h('h3', { text: t('paramsH', areaText(area), date) }), paramsList(params));
  } catch (error) {
    showRequestFailure(error);
  }
}
