/**
 * The trace as arithmetic: how each component's amount is made from the parameters the API names
 * (layers added, the age tier and the resident's age, the balance ÷ the divisor), what eligibility
 * rests on, and the sources by document number and title. The amounts themselves are the API's;
 * the page only adds the parameter values up (in fen) to show that they make the amount.
 */
import { ageAtEndOf } from '../../shared/beijing-time.ts';
import type { CaseInput, Component, Eligibility, ParameterTrace } from './data.ts';

/** Whole fen of a two-decimal string ("105.00" → 10500); undefined for anything else. */
function fen(text: string): number | undefined {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  return m ? (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3])) : undefined;
}

const find = (params: readonly ParameterTrace[], id: string) => params.find((p) => p.id === id);

/**
 * How a component's amount is made, as one line of arithmetic in Chinese, or undefined when the
 * parameters do not say (the parameter table still lists them).
 */
export function componentFormula(c: Component, input: CaseInput, month: string): string | undefined {
  const yuanPerMonth = c.parameters.filter((p) => p.unit === 'yuan/month');
  if (c.code === 'basic-pension' && yuanPerMonth.length > 0) {
    const sum = yuanPerMonth.reduce((total, p) => total + (fen(p.value) ?? Number.NaN), 0);
    if (sum === fen(c.amount))
      return `${yuanPerMonth.map((p) => `${p.label} ${p.value}`).join(' + ')} = ${c.amount} 元`;
  }
  if (c.code === 'old-age-supplement') {
    const age = input.person.birthDate ? ageAtEndOf(input.person.birthDate, month) : undefined;
    const tiers = c.parameters
      .filter((p) => p.unit === 'yuan/month by age' && p.value !== '无')
      .map((p) => `${p.label}：${p.value}`);
    if (age !== undefined)
      return `本人 ${month} 时 ${age} 周岁；${tiers.join('；') || '无高龄档次'} → ${c.amount} 元`;
  }
  if (c.code === 'long-contribution-bonus') {
    const perYear = find(c.parameters, 'long-contribution-bonus.per-year');
    const threshold = find(c.parameters, 'long-contribution-bonus.threshold-years');
    if (perYear && threshold)
      return `（累计缴费年限 − ${threshold.value} 年）× 每年 ${perYear.value} 元/月 = ${c.amount} 元`;
  }
  if (c.code === 'account-pension') {
    const divisor = c.parameters.find((p) => p.id.startsWith('account-pension.divisor'));
    const balance = input.person.accountBalance?.amount;
    if (divisor && balance) return `个人账户储存额 ${balance} ÷ ${divisor.value} = ${c.amount} 元`;
    if (!balance) return `未填个人账户储存额：${c.amount} 元`;
  }
  return undefined;
}

/** "93.00 + 20.00 + 0.00 + 2.00 = 115.00": the month's total from its components. */
export const totalFormula = (components: readonly Component[], total: string) =>
  `${components.map((c) => c.amount).join(' + ')} = ${total}`;

/**
 * Why the resident qualifies, when 符合 carries no reasons of its own: the age reached, the area
 * covered, the month the benefit starts. Each line names the document it rests on.
 */
export function eligibleBecause(el: Eligibility, input: CaseInput, areaName: string): string[] {
  const lines: string[] = [];
  const age = find(el.basis, 'benefit.pension-age');
  if (age && input.person.birthDate) {
    const years = ageAtEndOf(input.person.birthDate, el.month);
    lines.push(
      `本人 ${el.month} 时 ${years} 周岁，已达领取年龄 ${age.value} 周岁（${documentOf(age.source)}）`,
    );
  }
  if (el.area) lines.push(`户籍在 ${areaName}，属本规则适用地区`);
  const launch = find(el.basis, 'scheme.launch-date');
  if (el.benefit.since)
    lines.push(
      `自 ${el.benefit.since} 起享受待遇${launch ? `（当地自 ${launch.value.slice(0, 7)} 起实施，${documentOf(launch.source)}）` : ''}`,
    );
  return lines;
}

/** Internal names of product decisions, as the sheet says them to a resident. */
const INTERNAL: readonly (readonly [RegExp, string])[] = [
  [/产品规则决定（API 合同 v1[^）]*）/g, '本系统默认做法（尚无文件规定）'],
  [/（合同决定\s*\d+）/g, ''],
  [/合同决定\s*\d+/g, '本系统默认做法'],
];

const clean = (text: string) => INTERNAL.reduce((out, [pattern, to]) => out.replace(pattern, to), text);

/** The document a source names (文号 and title): its first part, before any web address or note. */
export function documentOf(source: string): string {
  return clean(source.split(' · ')[0] ?? source).trim();
}

/** The rest of a source (where it was read, what it says), for the full table only. */
export const sourceDetail = (source: string) =>
  clean(
    source
      .split(' · ')
      .slice(1)
      .filter((part) => !/^https?:\/\//.test(part))
      .join(' · '),
  );

/** A reason for a provisional value, Chinese half only (the data carries an English one in brackets). */
export function reasonZh(reason: string): string {
  const cut = reason.search(/[。；]（[^（]*[A-Za-z]{3,}/);
  return clean(cut >= 0 ? reason.slice(0, cut + 1) : reason).trim();
}

/**
 * The provisional parameters that bear on this case: a convention for one kind of case (the
 * 29 February birthday) is named only for that kind.
 */
export function relevantProvisional(ids: readonly string[], input: CaseInput): string[] {
  const leapDay = input.person.birthDate.endsWith('-02-29');
  return ids.filter((id) => id !== 'age.leap-day-birthday' || leapDay);
}
