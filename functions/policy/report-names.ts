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
