/**
 * The Chinese names the report's readers see (report.html and the columns of report.csv), in one
 * place: change bands, age bands, components, and months and yes/no as a spreadsheet keeps them.
 */

export const BAND_NAMES: Readonly<Record<string, string>> = {
  'lost-over-5': '减少超过5%',
  'lost-0-5': '减少0–5%',
  unchanged: '不变',
  'gained-0-5': '增加0–5%',
  'gained-over-5': '增加超过5%',
};

export const AGE_NAMES: Readonly<Record<string, string>> = {
  'under-60': '60岁以下',
  '60-64': '60–64岁',
  '65-69': '65–69岁',
  '70-74': '70–74岁',
  '75-79': '75–79岁',
  '80-89': '80–89岁',
  '90+': '90岁及以上',
};

export const COMPONENT_NAMES: Readonly<Record<string, string>> = {
  'basic-pension': '基础养老金',
  'old-age-supplement': '高龄补贴',
  'long-contribution-bonus': '长缴多得加发',
  'account-pension': '个人账户养老金',
};

export const yesNo = (value: boolean) => (value ? '是' : '否');

/**
 * "2026-08" as "2026年08月份": text that Excel and WPS keep as it is (they turn "2026-08", "2026/8"
 * and "2026年8月" into dates), still sorting in month order.
 */
export const monthText = (month: string) => `${month.slice(0, 4)}年${month.slice(5, 7)}月份`;

/** What the report says of a skipped line, in Chinese (the English text stays in report.json). */
const LINE_PROBLEMS: readonly (readonly [RegExp, string])[] = [
  [
    /^the line is not valid JSON \(error at character (\d+)\)$/,
    '这一行不是有效的 JSON（第 $1 个字符处出错）',
  ],
  [/^the line is not valid JSON \(it ends too early\)$/, '这一行不是有效的 JSON（不完整，提前结束）'],
  [/^the line is not valid JSON$/, '这一行不是有效的 JSON'],
  [/^a line must hold one JSON object \(a case\)$/, '每行须是一个 JSON 对象（一个案例）'],
  [/^(\d+) fields, but the header has (\d+)$/, '这一行有 $1 个字段，表头有 $2 个'],
  [/^header: /, '表头：'],
  [/must be a date YYYY-MM-DD/, '须是日期 YYYY-MM-DD'],
  [/must be a month YYYY-MM/, '须是月份 YYYY-MM'],
  [/must be yuan with exactly two decimals/, '须是带两位小数的金额'],
  [/is not a field the contract defines/, '不是案例中的字段'],
  [/Invalid input: expected \w+, received undefined/, '缺少此项'],
];

export const lineProblemZh = (message: string) =>
  LINE_PROBLEMS.reduce((text, [pattern, to]) => text.replace(pattern, to), message);
