/**
 * The page's words in Chinese (the default, and the only language of the printed sheet) and English.
 * Static text is in page.html (data-i18n keys, Chinese) with its English here, but for the labels
 * of the form's rows, which the script builds: their Chinese is here too (ZH_ROWS). Other text the
 * script builds is in TEXT.
 */
import type { Reason } from './data.ts';

export type Lang = 'zh' | 'en';
let current: Lang = 'zh';
export const lang = () => current;
export function setLang(next: Lang): void {
  current = next;
}

const EN: Record<string, string> = {
  'doc.title': "Residents' pension calculation (caseworkers)",
  'doc.heading': "Urban and Rural Residents' Basic Pension · Calculation",
  'doc.sub': 'Gansu · for township and county social-security caseworkers',
  'nav.skip': 'Skip to the form',
  'token.heading': 'Caseworker token',
  'token.label':
    'Token (the caseworker key; locally in .data/local-api-keys.json; kept in this browser tab only)',
  'examples.heading': 'Example residents (one click fills the form)',
  'examples.hint': 'Taken from real situations in the 2020 Gansu hukou clean-up, to learn the page.',
  'form.heading': "Resident's facts",
  'person.legend': 'Person',
  'person.birthDate': 'Date of birth',
  'person.idNumber': 'ID number (optional)',
  'person.idNumberHint': 'Only checked; never stored and never put in the address bar.',
  'person.deathDate': 'Date of death (if deceased)',
  'hukou.legend': 'Hukou (in time order, one row per period)',
  'hukou.hint':
    'Choose the prefecture, then type part of the county name. If a registration was cancelled or lost and later restored or back-registered, give the restored date.',
  'hukou.add': '+ Add a hukou period',
  'hukou.area': 'County or district: type part of its name',
  'hukou.prefecture': 'Prefecture',
  'nav.policy': 'Policy simulation (policy staff)',
  'person.name': 'Name (optional; printed on the sheet only, never sent)',
  'calc.office': 'Office (optional; printed on the sheet only)',
  'hukou.from': 'From',
  'hukou.to': 'Until (leave empty if current)',
  'hukou.restoredOn': 'Restored / back-registered on',
  'status.legend': 'Statuses (with periods)',
  'status.add': '+ Add a status',
  'status.kind': 'Status',
  'status.class': 'Minimum living allowance class',
  'status.classNone': '(choose)',
  'status.class1': 'Class 1',
  'status.class2': 'Class 2',
  'status.class3': 'Class 3',
  'status.class4': 'Class 4',
  'status.from': 'From',
  'status.to': 'Until (leave empty if current)',
  'contrib.legend': 'Contributions (per year)',
  'contrib.add': '+ Add a year',
  'contrib.year': 'Year',
  'contrib.personal': 'Personal (yuan)',
  'contrib.governmentPaid': 'Government-paid (yuan)',
  'contrib.subsidy': 'Subsidy (yuan)',
  'contrib.makeUp': 'Make-up payment',
  'account.legend': 'Personal account',
  'account.amount': 'Account balance (yuan)',
  'account.asOf': 'As of (rights record date)',
  'payments.legend': 'Benefit already paid',
  'payments.add': '+ Add a paid period',
  'payments.from': 'From month',
  'payments.to': 'To month (inclusive)',
  'payments.monthly': 'Paid per month (yuan)',
  'calc.legend': 'Calculation',
  'calc.month': 'Month to evaluate (back pay runs to this month)',
  'calc.ruleset': 'Ruleset',
  'calc.latest': 'Latest (default)',
  'calc.submit': 'Calculate',
  'calc.clear': 'Clear',
  'row.remove': 'Remove this row',
  'results.heading': 'Result',
  'results.empty': 'Fill in the form and press "Calculate"; the result appears here.',
  'foot.text':
    'Amounts in yuan to the fen. Parameters marked "to be confirmed" have no authoritative document yet; check local documents before deciding.',
};

// Strings built by the script, in both languages.

const ZH_TEXT = {
  allPrefectures: '全部市（州）',
  birthFuture: (today: string) => `出生日期不能晚于今天（${today}）`,
  monthBeforeScheme: (start: string) => `核算月份须在 ${start} 以后（本规则自该月起适用）`,
  negativeAmount: '金额不能为负数',
  paidFuture: (month: string) => `已发放只能填到本月（${month}）：尚未到来的月份不会已经发放`,
  birthFilled: (date: string) => `已按身份证号填入出生日期 ${date}。`,
  futureMonth: (month: string) =>
    `该月尚未到来（本月为 ${month}）：每月待遇按预测显示；补发只能算到本月，不计算补发。`,
  restoredGap: (end: string, from: string) =>
    `恢复日期与起始日期相同，而上一段户籍在 ${end} 结束：${end} 至 ${from} 之间不计入。若户籍是在 ${end} 丢失、后来恢复的，请把本段起始日期填为 ${end}。`,
  monthlyProjected: (m: string) => `${m} 每月应发（预测）`,
  projectionNote: '该月尚未到来，按现行规则预测',
  projectionTag: '，预测',
  noPaymentsNote: '未填写已发放的待遇：补发按应发全额计算，发放前请核对实际已发金额。',
  noArrearsFuture: '核算月份尚未到来，不计算补发。',
  printAppendix: '打印附录（参数表和待确认参数）',
  hukouRow: (n: number) => `第 ${n} 段户籍`,
  statusRow: (n: number) => `身份或状态 ${n}`,
  contribRow: (n: number) => `缴费 ${n}`,
  paymentRow: (n: number) => `已发放 ${n}`,
  remove: '删除此行',
  calculating: '正在计算……',
  monthly: (m: string) => `${m} 每月应发`,
  backPay: '补发合计',
  overpaid: '多发应追回',
  benefitSince: '待遇起始月',
  none: '无',
  yuan: '元',
  perMonth: '元/月',
  eligibilityH: '资格',
  enrolment: '参保缴费资格',
  benefit: '领取待遇资格',
  yes: '符合',
  no: '不符合',
  since: (m: string) => `自 ${m} 起`,
  premiumH: '政府代缴',
  premium: (y: number, a: string, c: string) => `${y} 年政府代缴 ${a} 元（${c}）`,
  noPremium: '本年度无政府代缴。',
  amountH: '每月待遇构成',
  component: '项目',
  amount: '金额（元/月）',
  total: '合计',
  paramsOf: (n: number) => `依据参数（${n} 项）`,
  pLabel: '参数',
  pValue: '取值',
  pArea: '适用地区',
  pFrom: '起始日期',
  pSource: '来源',
  provisionalBadge: '待确认',
  provisionalH: (n: number) => `注意：本结果用到 ${n} 项待确认参数（尚无权威文件确认）`,
  provisionalList: '逐项查看待确认参数及原因',
  provisionalNote: '计算结果依赖这些参数，核定前请对照当地文件核实。',
  basisH: '资格判断依据',
  arrearsH: '补发明细',
  arrearsRange: (f: string, t: string, n: number) => `${f} 至 ${t}，共 ${n} 个月`,
  uncovered: (f: string, t: string, n: number, area: string) =>
    `其中 ${f} 至 ${t}（${n} 个月）户籍在本省以外（${area}），不属本规则适用范围，未计入补发。`,
  segFrom: '起始月',
  segTo: '截止月',
  segMonths: '月数',
  segMonthly: '每月（元）',
  segAmount: '小计（元）',
  due: '应发',
  paid: '已发',
  net: '补发（应发−已发）',
  noArrears: '到该月为止没有应发的待遇。',
  chartH: '每月待遇变化',
  chartDesc: (f: string, t: string) => `${f} 至 ${t} 每月应发待遇的阶梯图，数据见上表。`,
  receiptH: '计算凭据',
  calcId: '计算编号',
  ruleset: '规则版本',
  rulesetHash: '规则哈希',
  inputHash: '输入哈希',
  calculatedAt: '计算时间',
  print: '打印待遇核定单',
  paramsButton: '查看该地区全部参数',
  paramsH: (a: string, d: string) => `${a} 在 ${d} 适用的全部参数`,
  sheetTitle: '城乡居民基本养老保险待遇核定单',
  sheetArea: '户籍地',
  sheetBirth: '出生日期',
  sheetMonth: '核算月份',
  signCaseworker: '经办人',
  signChecker: '复核人',
  signDate: '日期',
  errSummary: '请修改以下内容后再计算：',
  errNetwork: '无法连接服务，请检查网络后重试。',
  errServer: '服务出错，请稍后再试。',
  needToken: '请先粘贴经办人令牌。',
  badToken: '令牌无效或已过期，请重新粘贴。',
  forbidden: '此令牌无权进行该操作。',
  idOk: '校验码正确。',
  idLength: (n: number) => `已输入 ${n} 位，应为 18 位。`,
  areaUnknown: '列表中没有这个地区，请从下拉列表中选择。',
  loaded: (t: string) => `已填入示例：${t}`,
};

type Texts = typeof ZH_TEXT;

const EN_TEXT: Texts = {
  allPrefectures: 'All prefectures',
  birthFuture: (today) => `The date of birth cannot be after today (${today}).`,
  monthBeforeScheme: (start) => `The month must be ${start} or later (when these rules begin).`,
  negativeAmount: 'An amount cannot be negative.',
  paidFuture: (month) => `Paid periods end by this month (${month}): later months cannot have been paid.`,
  birthFilled: (date) => ` Date of birth ${date} filled in from it.`,
  futureMonth: (month) =>
    `This month has not come yet (it is ${month}): the monthly amount is a projection and no back pay is worked out.`,
  restoredGap: (end, from) =>
    `Restored on the day it starts, while the previous period ended ${end}: ${end} to ${from} is not counted. If the record was lost on ${end} and restored later, start this period on ${end}.`,
  monthlyProjected: (m) => `Monthly amount, ${m} (projection)`,
  projectionNote: 'A month not reached yet: projected under the current rules',
  projectionTag: ', projection',
  noPaymentsNote:
    'No paid periods entered: back pay counts everything due; check what was paid before paying it.',
  noArrearsFuture: 'The month has not come yet: no back pay is worked out.',
  printAppendix: 'Print the appendix (parameters and provisional list)',
  hukouRow: (n) => `Hukou period ${n}`,
  statusRow: (n) => `Status ${n}`,
  contribRow: (n) => `Contribution ${n}`,
  paymentRow: (n) => `Paid period ${n}`,
  remove: 'Remove this row',
  calculating: 'Calculating…',
  monthly: (m) => `Monthly amount, ${m}`,
  backPay: 'Back pay',
  overpaid: 'Overpaid, to recover',
  benefitSince: 'Benefit starts',
  none: 'none',
  yuan: 'yuan',
  perMonth: 'yuan/month',
  eligibilityH: 'Eligibility',
  enrolment: 'May enrol and contribute',
  benefit: 'May draw the benefit',
  yes: 'Yes',
  no: 'No',
  since: (m) => `since ${m}`,
  premiumH: 'Government-paid premium',
  premium: (y, a, c) => `${y}: the government pays ${a} yuan (${c})`,
  noPremium: 'No government-paid premium this year.',
  amountH: 'Monthly amount by component',
  component: 'Component',
  amount: 'Amount (yuan/month)',
  total: 'Total',
  paramsOf: (n) => `Parameters behind it (${n})`,
  pLabel: 'Parameter',
  pValue: 'Value',
  pArea: 'Area',
  pFrom: 'From',
  pSource: 'Source',
  provisionalBadge: 'to be confirmed',
  provisionalH: (n) =>
    `Note: this result uses ${n} parameters not yet confirmed by an authoritative document`,
  provisionalList: 'Show each one and why',
  provisionalNote: 'The result depends on them; check the local documents before deciding.',
  basisH: 'What eligibility rests on',
  arrearsH: 'Back-pay ledger',
  arrearsRange: (f, t, n) => `${f} to ${t}, ${n} months`,
  uncovered: (f, t, n, area) =>
    `${f} to ${t} (${n} months) were registered outside the province (${area}): not covered by these rules, not counted.`,
  segFrom: 'From',
  segTo: 'To',
  segMonths: 'Months',
  segMonthly: 'Monthly (yuan)',
  segAmount: 'Amount (yuan)',
  due: 'Due',
  paid: 'Paid',
  net: 'Back pay (due − paid)',
  noArrears: 'Nothing was due up to this month.',
  chartH: 'Monthly entitlement over time',
  chartDesc: (f, t) =>
    `Step chart of the monthly entitlement from ${f} to ${t}; the table above has the figures.`,
  receiptH: 'Receipt',
  calcId: 'Calculation id',
  ruleset: 'Ruleset',
  rulesetHash: 'Ruleset hash',
  inputHash: 'Input hash',
  calculatedAt: 'Calculated at',
  print: 'Print the benefit sheet',
  paramsButton: 'Show every parameter for this area',
  paramsH: (a, d) => `Every parameter for ${a} on ${d}`,
  sheetTitle: "Residents' Basic Pension: Benefit Determination",
  sheetArea: 'Hukou area',
  sheetBirth: 'Date of birth',
  sheetMonth: 'Month',
  signCaseworker: 'Caseworker',
  signChecker: 'Checked by',
  signDate: 'Date',
  errSummary: 'Please correct the following, then calculate again:',
  errNetwork: 'The service cannot be reached. Check the network and retry.',
  errServer: 'The service failed. Please try again later.',
  needToken: 'Paste the caseworker token first.',
  badToken: 'The token is not valid. Paste it again.',
  forbidden: 'This token may not do that.',
  idOk: 'Check digit is correct.',
  idLength: (n) => `${n} characters typed; 18 are needed.`,
  areaUnknown: 'No such area in the list; pick one from the list.',
  loaded: (t) => `Example loaded: ${t}`,
};

const TEXT: Record<Lang, Texts> = { zh: ZH_TEXT, en: EN_TEXT };

type Key = keyof Texts;
type Args<K extends Key> = Texts[K] extends (...args: infer A) => string ? A : [];

/** The string `key` in the current language (a function's result when it takes arguments). */
export function t<K extends Key>(key: K, ...args: Args<K>): string {
  return tIn(current, key, ...args);
}

/** The same in a given language: the printed sheet is always Chinese. */
function tIn<K extends Key>(language: Lang, key: K, ...args: Args<K>): string {
  const v = TEXT[language][key] as string | ((...a: Args<K>) => string);
  return typeof v === 'function' ? v(...args) : v;
}

export const pick = (pair: readonly [string, string]) => (current === 'zh' ? pair[0] : pair[1]);

export const COMPONENTS: Record<string, readonly [string, string]> = {
  'basic-pension': ['基础养老金', 'Basic pension'],
  'old-age-supplement': ['高龄补贴', 'Old-age supplement'],
  'long-contribution-bonus': ['缴费年限养老金', 'Long-contribution bonus'],
  'account-pension': ['个人账户养老金', 'Personal-account pension'],
};

export const STATUSES: Record<string, readonly [string, string]> = {
  'registered-poor': ['建档立卡贫困人口', 'Registered poor'],
  'minimum-living-allowance': ['低保对象', 'Minimum living allowance'],
  'extreme-hardship': ['特困人员', 'Extreme hardship'],
  'severe-disability': ['重度残疾人', 'Severe disability'],
  'returned-to-poverty': ['返贫致贫人口', 'Returned to poverty'],
  student: ['在校学生', 'Student'],
  'employee-pension': ['参加或领取职工养老保险', "Employees' pension"],
  'active-military': ['现役军人', 'Active military'],
  imprisoned: ['服刑（收监执行）', 'Imprisoned'],
  'survival-unverified': ['未通过生存认证', 'Proof of life not given'],
  'settled-abroad': ['出国（境）定居', 'Settled abroad'],
  'family-planning-household': ['农村计生两证户', 'Rural family-planning household'],
  'lifted-out-of-poverty': ['已脱贫人口（建档立卡已标注脱贫）', 'Lifted out of poverty'],
};

/** The labels of the form's rows, which the script builds (row-fields.ts), in Chinese. */
const ZH_ROWS: Record<string, string> = {
  'hukou.prefecture': '市（州）',
  'hukou.area': '县（区）：输入名称的一部分即可查找',
  'hukou.from': '起始日期',
  'hukou.to': '截止日期（仍在则不填）',
  'hukou.restoredOn': '恢复户籍/补录日期',
  'status.kind': '身份或状态',
  'status.from': '开始日期',
  'status.to': '结束日期（仍在则不填）',
  'status.class': '低保类别',
  'status.classNone': '（请选择）',
  'status.class1': '一类',
  'status.class2': '二类',
  'status.class3': '三类',
  'status.class4': '四类',
  'contrib.year': '年度',
  'contrib.personal': '个人缴费（元）',
  'contrib.governmentPaid': '政府代缴（元）',
  'contrib.subsidy': '缴费补贴（元）',
  'contrib.makeUp': '补缴',
  'payments.from': '起始月份',
  'payments.to': '截止月份（含）',
  'payments.monthly': '每月发放（元）',
};

/** Static text in Chinese: the rows' labels, and page.html and its template as the HTML holds them. */
const ZH_STATIC: Record<string, string> = { ...ZH_ROWS };
export function collectStatic(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]'))
    ZH_STATIC[el.dataset.i18n as string] = el.textContent ?? '';
  for (const tpl of document.querySelectorAll('template')) {
    for (const el of tpl.content.querySelectorAll<HTMLElement>('[data-i18n]'))
      ZH_STATIC[el.dataset.i18n as string] = el.textContent ?? '';
  }
}
export const staticText = (key: string) => (current === 'zh' ? ZH_STATIC[key] : EN[key]) ?? '';

export function translateStatic(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const text = current === 'zh' ? ZH_STATIC[el.dataset.i18n as string] : EN[el.dataset.i18n as string];
    if (text !== undefined) el.textContent = text;
  }
}

// Error messages of the API (English, from the case schema and its checks) in plain Chinese.
const MESSAGE_ZH: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^must be a date YYYY-MM-DD$/, () => '请填写日期（年-月-日）'],
  [/^is not a calendar date$/, () => '不是有效的日期'],
  [/^must be between (\d+) and (\d+)$/, (m) => `年份须在 ${m[1]} 至 ${m[2]} 之间`],
  [/^must be a month YYYY-MM$/, () => '请填写月份（年-月）'],
  [/^must be an amount in yuan/, () => '金额请写到分，例如 105.00'],
  [/^must not be negative$/, () => '金额不能为负数'],
  [/^must be a 6-digit administrative division code/, () => '请从列表中选择地区（6位行政区划代码）'],
  [/^must be a ruleset id/, () => '规则版本号不对'],
  [/^must be 17 digits followed by a digit or X/, () => '身份证号应为18位：前17位为数字，最后一位为数字或X'],
  [/^must be an 18-character ID number$/, () => '身份证号应为18位'],
  [/^the check digit is wrong/, () => '身份证号校验码不对，请核对是否抄错'],
  [/^the birth date in the ID number is not a real date$/, () => '身份证号中的出生日期不是有效日期'],
  [/^the birth date in the ID number differs/, () => '身份证号中的出生日期与所填出生日期不一致'],
  [/^is before person\.birthDate$/, () => '早于出生日期'],
  [/^must be after from$/, () => '结束日期须晚于开始日期'],
  [/^is before the month of birth$/, () => '早于出生月份'],
  [/^is before the period it restores$/, () => '恢复日期早于这段户籍的起始日期'],
  [
    /^overlaps person\.hukou\[(\d+)\]/,
    (m) => `与第 ${Number(m[1]) + 1} 段户籍时间重叠：同一时间只能有一处户籍`,
  ],
  [/^is before the year of birth$/, () => '早于出生年份'],
  [/^is before from$/, () => '截止月早于起始月'],
  [/does not cover area/, () => '该规则版本不适用于这个地区（仅限甘肃省）'],
  [
    /^is needed: the government pays the (\d{4}) premium only for 低保 recipients of class (.*)$/,
    (m) => `请选择低保类别：${m[1]} 年政府只为 ${(m[2] ?? '').replaceAll(', ', '、')} 类低保对象代缴`,
  ],
  [/^is given only for kind minimum-living-allowance/, () => '低保类别只适用于“低保对象”'],
  [/covers dates from (\d{4}-\d{2})/, (m) => `核算月份须在 ${m[1]} 以后`],
  [/^Invalid input: expected \w+, received undefined$/, () => '必填'],
  [/^must be a whole number$/, () => '请填写年份（4位数字）'],
  [/^Invalid input: expected number/, () => '请填写数字'],
  [/^Invalid option/, () => '请从列表中选择'],
  [/^is not a field the contract defines/, () => '多余的字段'],
  [/^Too big/, () => '条目太多'],
  [/^Too small|^Number must be greater/, () => '数值太小'],
  [/ruleset/i, () => '没有这个规则版本'],
];

export function messageText(message: string): string {
  if (current === 'en') return message;
  for (const [pattern, render] of MESSAGE_ZH) {
    const m = pattern.exec(message);
    if (m) return render(m);
  }
  return `输入有误（${message}）`;
}

/** A reason in the current language. */
export const reasonText = (r: Reason) => (current === 'zh' ? r.message : r.messageEn || r.message);
