/**
 * The classes and data problems a coverage screening reports, with the Chinese names the page, the
 * CSV and the weekly dispatch table (周调度通报) use. Apart from ./classify.ts so that the page
 * carries these names without the engine.
 */
export const SCREENING_CLASSES = [
  'should-enrol',
  'premium-due',
  'should-draw',
  'back-pay-due',
  'excluded',
  'data-problem',
] as const;
export type ScreeningClass = (typeof SCREENING_CLASSES)[number];

/** 应参保未参保, 应代缴未代缴, 应领未领, 应补发, 不符合参保条件, 数据问题: as the page and the CSV name them. */
export const CLASS_NAMES_ZH: Record<ScreeningClass, string> = {
  'should-enrol': '应参保未参保',
  'premium-due': '应代缴未代缴',
  'should-draw': '应领未领',
  'back-pay-due': '应补发',
  excluded: '不符合参保条件',
  'data-problem': '数据问题',
};

const DATA_PROBLEMS = [
  'invalid-id',
  'duplicate',
  'birth-date-mismatch',
  'hardship-without-hukou',
  'cannot-assess',
] as const;
export type DataProblem = (typeof DATA_PROBLEMS)[number];

export const PROBLEM_NAMES_ZH: Record<DataProblem, string> = {
  'invalid-id': '身份证号无效',
  duplicate: '重复登记',
  'birth-date-mismatch': '各名单出生日期不一致',
  'hardship-without-hukou': '在困难群体名单但无户籍(移交公安机关登记户籍)',
  'cannot-assess': '无法测算',
};
