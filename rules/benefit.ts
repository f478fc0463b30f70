/**
 * Who may draw the benefit in a month, and how much it is: the heart of every calculation.
 * 国发〔2014〕8号 六 (conditions), 七 (amount and death), the transition for those over 45 at the
 * scheme's launch, and the product decisions of the contract (ages, restored hukou, suspensions).
 */
import { monthOf, type YearMonth } from './calendar.ts';
import type { StatusKind } from './case.ts';
import type { CaseContext, HukouMonths } from './case-context.ts';
import { type Fen, type RoundingMode, ZERO } from './money.ts';
import { divideFen } from './money-division.ts';
import type { ParameterTrace, ReasonCode } from './results.ts';
import type { AgeTier, AreaRules } from './ruleset.ts';

export interface BenefitState {
  readonly eligible: boolean;
  readonly reasons: readonly ReasonCode[];
  readonly hukou: HukouMonths | undefined;
}

/** Why the benefit is or is not due in `month`. */
export function benefitState(ctx: CaseContext, month: YearMonth): BenefitState {
  const reasons: ReasonCode[] = [];
  if (ctx.deathMonth !== undefined && month > ctx.deathMonth) reasons.push('DECEASED');
  const hukou = ctx.hukouAt(month, 'benefit');
  if (!hukou) {
    reasons.push('NO_LOCAL_HUKOU');
    if (ctx.statusAt('employee-pension', month)) reasons.push('EMPLOYEE_PENSION');
    if (ctx.statusAt('settled-abroad', month)) reasons.push('SETTLED_ABROAD');
    return { eligible: false, reasons, hukou };
  }
  const rules = ctx.ruleset.forArea(hukou.area);
  if (
    month === ctx.deathMonth &&
    ctx.read(rules, 'death.last-paid-month', month).value === 'month-before-death'
  ) {
    reasons.push('DECEASED');
  }
  const launchDate = ctx.read(rules, 'scheme.launch-date', month).value as string;
  if (month < monthOf(launchDate)) reasons.push('SCHEME_NOT_LAUNCHED');
  const pensionAge = ctx.read(rules, 'benefit.pension-age', month).value as number;
  if (month < ctx.ageStartMonth(rules, pensionAge, month)) reasons.push('UNDER_60');
  if (
    ctx.contributionYears < requiredYears(ctx, rules, launchDate, pensionAge, month) &&
    !contributionWaived(ctx, rules, month)
  ) {
    reasons.push('INSUFFICIENT_CONTRIBUTIONS');
  }
  if (ctx.statusAt('employee-pension', month)) reasons.push('EMPLOYEE_PENSION');
  if (ctx.statusAt('settled-abroad', month)) reasons.push('SETTLED_ABROAD');
  const imprisoned = ctx.statusAt('imprisoned', month);
  if (
    imprisoned &&
    (imprisoned.open || ctx.read(rules, 'suspension.imprisoned', month).value === 'never-due')
  ) {
    reasons.push('IMPRISONED');
  }
  const unverified = ctx.statusAt('survival-unverified', month);
  if (
    unverified &&
    (unverified.open || ctx.read(rules, 'suspension.survival-unverified', month).value === 'never-due')
  ) {
    reasons.push('SURVIVAL_UNVERIFIED');
  }
  return { eligible: reasons.length === 0, reasons, hukou };
}

/**
 * Contribution years needed (国发〔2014〕8号 六): none for those at pension age when the scheme
 * launched locally, (pension age − age at launch) for those within 15 years of it, else the minimum.
 */
function requiredYears(
  ctx: CaseContext,
  rules: AreaRules,
  launchDate: string,
  pensionAge: number,
  month: YearMonth,
): number {
  const minimum = ctx.read(rules, 'benefit.minimum-contribution-years', month).value as number;
  const ageAtLaunch = ctx.ageOnDate(rules, launchDate, month);
  return Math.min(minimum, Math.max(0, pensionAge - ageAtLaunch));
}

/**
 * True when a hardship status in force in `month` waives the contribution condition
 * (`benefit.contribution-waiver`; Gansu paid registered-poor, 低保 and 特困 residents at pension age
 * without contributions from 2018-12 to 2020-12). Rulesets before 2026.2 have no waiver.
 */
function contributionWaived(ctx: CaseContext, rules: AreaRules, month: YearMonth): boolean {
  if (!rules.has('benefit.contribution-waiver')) return false;
  const kinds = ctx.read(rules, 'benefit.contribution-waiver', month).value as readonly StatusKind[];
  return kinds.some((kind) => ctx.statusAt(kind, month) !== undefined);
}

/** The amount of the highest tier whose age the person has reached by `month`. */
function tierAmount(ctx: CaseContext, rules: AreaRules, tiers: readonly AgeTier[], month: YearMonth): Fen {
  for (const tier of tiers) {
    if (month >= ctx.ageStartMonth(rules, tier.age, month)) return tier.amount;
  }
  return ZERO;
}

export interface MonthlyAmount {
  readonly total: Fen;
  readonly components: readonly { readonly amount: Fen; readonly parameters: readonly ParameterTrace[] }[];
}

/**
 * The monthly entitlement of an eligible person (contract decisions 6 and 7): the basic pension as
 * the sum of its four layers, the old-age supplement of the highest tier reached, the
 * long-contribution bonus, and the account pension (balance ÷ divisor, rounded to the fen once).
 */
export function monthlyAmount(ctx: CaseContext, rules: AreaRules, month: YearMonth): MonthlyAmount {
  const layers = [
    ctx.read(rules, 'basic-pension.national-minimum', month),
    ctx.read(rules, 'basic-pension.provincial-top-up', month),
    ctx.read(rules, 'basic-pension.prefecture-top-up', month),
    ctx.read(rules, 'basic-pension.county-top-up', month),
  ];
  let basic = 0;
  for (const layer of layers) basic += layer.value as number;

  // The area's own tiers, never below the province's minimum at the person's age (from 2026.2;
  // Gansu's 高龄加发 is a provincial floor that counties such as Jinchang exceed).
  const tiers = ctx.read(rules, 'old-age-supplement.tiers', month);
  let supplement = tierAmount(ctx, rules, tiers.value as readonly AgeTier[], month);
  const supplementParameters = [tiers.trace];
  if (rules.has('old-age-supplement.minimum-tiers')) {
    const minimum = ctx.read(rules, 'old-age-supplement.minimum-tiers', month);
    const floor = tierAmount(ctx, rules, minimum.value as readonly AgeTier[], month);
    if (floor > supplement) supplement = floor;
    supplementParameters.push(minimum.trace);
  }

  const perYear = ctx.read(rules, 'long-contribution-bonus.per-year', month);
  const threshold = ctx.read(rules, 'long-contribution-bonus.threshold-years', month);
  const extraYears = Math.max(0, ctx.contributionYears - (threshold.value as number));
  const bonus = (perYear.value as number) * extraYears;

  let account: Fen = ZERO;
  let accountParameters: ParameterTrace[] = [];
  if (ctx.accountBalance !== undefined) {
    const divisor = ctx.read(rules, 'account-pension.divisor', month);
    const rounding = ctx.read(rules, 'money.rounding', month);
    account = divideFen(ctx.accountBalance, divisor.value as number, rounding.value as RoundingMode);
    accountParameters = [divisor.trace, rounding.trace];
  }
  return {
    total: (basic + supplement + bonus + account) as Fen,
    components: [
      { amount: basic as Fen, parameters: layers.map((l) => l.trace) },
      { amount: supplement, parameters: supplementParameters },
      { amount: bonus as Fen, parameters: [perYear.trace, threshold.trace] },
      { amount: account, parameters: accountParameters },
    ],
  };
}
