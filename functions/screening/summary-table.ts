/**
 * The weekly dispatch table (周调度通报) as rows of cells: one row per county, then the total. The
 * summary CSV and the screening page show the same columns from here. Free of the engine and of
 * Node, so that the page's bundle carries it.
 */
import { CLASS_NAMES_ZH, SCREENING_CLASSES, type ScreeningClass } from './classes.ts';

/** The area of persons with no hukou, in the tally and the township files. */
export const NO_AREA = 'none';
/** The area of the total row. */
export const TOTAL = 'total';

export interface SummaryRow {
  /** A county's code, NO_AREA or TOTAL. */
  readonly area: string;
  /** The county's name in the ruleset's area list (无户籍 for persons with no hukou, 合计 for the total). */
  readonly name: string;
  readonly screened: number;
  readonly classes: Record<ScreeningClass, number>;
  readonly problems: Record<string, number>;
  readonly premiumDue: string;
  readonly backPayDue: string;
  readonly comparison?: { new: number; 'still-open': number; resolved: number };
}

export function summaryHeader(compared: boolean): string[] {
  return [
    '区县',
    '区县名称',
    '筛查人数',
    ...SCREENING_CLASSES.map((c) => CLASS_NAMES_ZH[c]),
    '应代缴金额(元)',
    '应补发金额(元)',
    ...(compared ? ['新发现', '仍未解决', '已解决'] : []),
  ];
}

/** A row's cells under summaryHeader: a county's code and name; 无户籍 and 合计 in the first column. */
export function summaryCells(r: SummaryRow): (string | number)[] {
  const named = r.area !== NO_AREA && r.area !== TOTAL;
  return [
    named ? r.area : r.name,
    named ? r.name : '',
    r.screened,
    ...SCREENING_CLASSES.map((c) => r.classes[c]),
    r.premiumDue,
    r.backPayDue,
    ...(r.comparison ? [r.comparison.new, r.comparison['still-open'], r.comparison.resolved] : []),
  ];
}
