// Caseworker page: reads a resident's facts into the API's case, calls the three calculations and
// shows what is owed and why. Plain ES module, no dependencies, no network but this origin's API.
// The ID number is only read from its input when a request is sent: it never goes into the URL,
// browser storage or any log. Only the token is kept (sessionStorage, this tab only).

const DATA = JSON.parse(document.getElementById('page-data').textContent);
const TOKEN_KEY = 'caseworker-token';

// ---------- language ----------

const EN = {
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
    'Search the area by name or code. If a registration was cancelled or lost and later restored or back-registered, give the restored date.',
  'hukou.add': '+ Add a hukou period',
  'hukou.area': 'Hukou area (name or code)',
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
const TEXT = {
  zh: {
    hukouRow: (n) => `第 ${n} 段户籍`,
    statusRow: (n) => `身份或状态 ${n}`,
    contribRow: (n) => `缴费 ${n}`,
    paymentRow: (n) => `已发放 ${n}`,
    remove: '删除此行',
    calculating: '正在计算……',
    monthly: (m) => `${m} 每月应发`,
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
    since: (m) => `自 ${m} 起`,
    premiumH: '政府代缴',
    premium: (y, a, c) => `${y} 年政府代缴 ${a} 元（${c}）`,
    noPremium: '本年度无政府代缴。',
    amountH: '每月待遇构成',
    component: '项目',
    amount: '金额（元/月）',
    total: '合计',
    paramsOf: (n) => `依据参数（${n} 项）`,
    pLabel: '参数',
    pValue: '取值',
    pArea: '适用地区',
    pFrom: '起始日期',
    pSource: '来源',
    provisionalBadge: '待确认',
    provisionalH: (n) => `注意：本结果用到 ${n} 项待确认参数（尚无权威文件确认）`,
    provisionalList: '逐项查看待确认参数及原因',
    provisionalNote: '计算结果依赖这些参数，核定前请对照当地文件核实。',
    basisH: '资格判断依据',
    arrearsH: '补发明细',
    arrearsRange: (f, t, n) => `${f} 至 ${t}，共 ${n} 个月`,
    uncovered: (f, t, n, area) =>
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
    chartDesc: (f, t) => `${f} 至 ${t} 每月应发待遇的阶梯图，数据见上表。`,
    receiptH: '计算凭据',
    calcId: '计算编号',
    ruleset: '规则版本',
    rulesetHash: '规则哈希',
    inputHash: '输入哈希',
    calculatedAt: '计算时间',
    print: '打印待遇核定单',
    paramsButton: '查看该地区全部参数',
    paramsH: (a, d) => `${a} 在 ${d} 适用的全部参数`,
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
    idLength: (n) => `已输入 ${n} 位，应为 18 位。`,
    areaUnknown: '列表中没有这个地区，请从下拉列表中选择。',
    loaded: (t) => `已填入示例：${t}`,
  },
  en: {
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
  },
};

const COMPONENTS = {
  'basic-pension': ['基础养老金', 'Basic pension'],
  'old-age-supplement': ['高龄补贴', 'Old-age supplement'],
  'long-contribution-bonus': ['缴费年限养老金', 'Long-contribution bonus'],
  'account-pension': ['个人账户养老金', 'Personal-account pension'],
};

const STATUSES = {
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

let lang = 'zh';
const ZH = {};
for (const el of document.querySelectorAll('[data-i18n]')) ZH[el.dataset.i18n] = el.textContent;
for (const tpl of document.querySelectorAll('template')) {
  for (const el of tpl.content.querySelectorAll('[data-i18n]')) ZH[el.dataset.i18n] = el.textContent;
}
const t = (key, ...args) => {
  const v = TEXT[lang][key];
  return typeof v === 'function' ? v(...args) : v;
};
const pick = (pair) => (lang === 'zh' ? pair[0] : pair[1]);

function translateStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const key = el.dataset.i18n;
    const text = lang === 'zh' ? ZH[key] : EN[key];
    if (text !== undefined) el.textContent = text;
  }
}

// Error messages of the API (English, from the case schema and its checks) in plain Chinese.
const MESSAGE_ZH = [
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
    (m) => `请选择低保类别：${m[1]} 年政府只为 ${m[2].replaceAll(', ', '、')} 类低保对象代缴`,
  ],
  [/^is given only for kind minimum-living-allowance/, () => '低保类别只适用于“低保对象”'],
  [/covers dates from (\S+)/, (m) => `该规则版本只适用于 ${m[1]} 以后`],
  [/^Invalid input: expected \w+, received undefined$/, () => '必填'],
  [/^must be a whole number$/, () => '请填写年份（4位数字）'],
  [/^Invalid input: expected number/, () => '请填写数字'],
  [/^Invalid option/, () => '请从列表中选择'],
  [/^is not a field the contract defines/, () => '多余的字段'],
  [/^Too big/, () => '条目太多'],
  [/^Too small|^Number must be greater/, () => '数值太小'],
  [/ruleset/i, () => '没有这个规则版本'],
];

function messageText(message) {
  if (lang === 'en') return message;
  for (const [pattern, render] of MESSAGE_ZH) {
    const m = pattern.exec(message);
    if (m) return render(m);
  }
  return `输入有误（${message}）`;
}

// ---------- small DOM helpers ----------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const SVG_NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}
const $ = (id) => document.getElementById(id);

// ---------- areas ----------

const AREAS = new Map(DATA.areas.map((a) => [a.code, a]));
function areaLabel(code) {
  const a = AREAS.get(code);
  if (!a) return code;
  const parent = a.parent && a.parent !== a.code ? AREAS.get(a.parent) : undefined;
  const name = lang === 'zh' ? a.name : a.nameEn;
  const parentName = parent && parent.code !== '620000' ? (lang === 'zh' ? parent.name : parent.nameEn) : '';
  return parentName ? `${parentName} ${name}` : name;
}
function fillAreaList() {
  const list = $('area-list');
  list.replaceChildren(
    ...DATA.areas.map((a) => h('option', { value: `${a.code} ${areaLabel(a.code)}`, label: a.nameEn })),
  );
}
/** The 6-digit code at the start of an area input ("620502 天水市 秦州区"), or the text as typed. */
function areaCode(text) {
  const trimmed = text.trim();
  const m = /^(\d{6})\b/.exec(trimmed);
  if (m) return m[1];
  const byName = DATA.areas.filter(
    (a) => a.name === trimmed || a.nameEn.toLowerCase() === trimmed.toLowerCase(),
  );
  return byName.length === 1 ? byName[0].code : trimmed;
}
function showAreaName(input) {
  const out = input.closest('.field').querySelector('.area-name');
  const code = areaCode(input.value);
  if (!input.value.trim()) out.textContent = '';
  else if (AREAS.has(code)) out.textContent = `${code} · ${areaLabel(code)}`;
  else out.textContent = t('areaUnknown');
}

// ---------- ID number, checked as typed (GB 11643-1999, ISO 7064 MOD 11-2) ----------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
function idProblem(id) {
  if (!/^\d{17}[\dXx]$/.test(id)) return 'shape';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase() ? undefined : 'check-digit';
}
function checkIdAsTyped() {
  const input = $('idNumber');
  const value = input.value.trim();
  const out = $('idNumber-err');
  out.classList.remove('field-ok');
  if (!value) {
    setFieldError(input, '');
    return;
  }
  if (value.length < 18 && /^\d*$/.test(value)) {
    input.removeAttribute('aria-invalid');
    out.textContent = t('idLength', value.length);
    out.classList.add('field-ok');
    return;
  }
  const problem = idProblem(value);
  if (problem === 'shape') setFieldError(input, messageText('must be 17 digits followed by a digit or X'));
  else if (problem === 'check-digit') setFieldError(input, messageText('the check digit is wrong'));
  else {
    setFieldError(input, '');
    out.textContent = t('idOk');
    out.classList.add('field-ok');
  }
}

// ---------- repeatable rows ----------

const LISTS = {
  hukou: { path: 'person.hukou', legend: 'hukouRow' },
  statuses: { path: 'person.statuses', legend: 'statusRow' },
  contributions: { path: 'person.contributions', legend: 'contribRow' },
  payments: { path: 'payments', legend: 'paymentRow' },
};
let uid = 0;

function addRow(list, values = {}) {
  const row = $(`tpl-${list}`).content.firstElementChild.cloneNode(true);
  translateStatic(row);
  for (const field of row.querySelectorAll('.field')) {
    const input = field.querySelector('[data-field]');
    const label = field.querySelector('label');
    const err = field.querySelector('.field-error');
    const id = `f${++uid}`;
    input.id = id;
    label.htmlFor = id;
    err.id = `${id}-err`;
    const area = field.querySelector('.area-name');
    if (area) area.id = `${id}-area`;
    input.setAttribute('aria-describedby', area ? `${area.id} ${err.id}` : err.id);
  }
  const kind = row.querySelector('select[data-field="kind"]');
  if (kind) {
    for (const [code, names] of Object.entries(STATUSES))
      kind.append(h('option', { value: code, text: pick(names) }));
    // 低保类别 belongs to 低保 alone: shown (and sent) only for that kind.
    const classField = row.querySelector('[data-field="class"]').closest('.field');
    const showClass = () => {
      classField.hidden = kind.value !== 'minimum-living-allowance';
      if (classField.hidden) classField.querySelector('select').value = '';
    };
    kind.addEventListener('change', showClass);
    queueMicrotask(showClass);
  }
  for (const [field, value] of Object.entries(values)) {
    const input = row.querySelector(`[data-field="${field}"]`);
    if (!input) continue;
    if (input.type === 'checkbox') input.checked = Boolean(value);
    else if (field === 'area') input.value = AREAS.has(value) ? `${value} ${areaLabel(value)}` : value;
    else input.value = String(value);
  }
  const area = row.querySelector('[data-field="area"]');
  if (area) {
    area.addEventListener('input', () => showAreaName(area));
    if (area.value) showAreaName(area);
  }
  row.querySelector('.remove').addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    renumber(list);
    (next?.querySelector('input, select') ?? document.querySelector(`[data-add="${list}"]`)).focus();
  });
  $(`${list}-rows`).append(row);
  renumber(list);
  return row;
}

function renumber(list) {
  const { path, legend } = LISTS[list];
  [...$(`${list}-rows`).children].forEach((row, i) => {
    row.dataset.path = `${path}[${i}]`;
    row.querySelector('.row-legend').textContent = t(legend, i + 1);
    row.querySelector('.remove').setAttribute('aria-label', `${t('remove')}：${t(legend, i + 1)}`);
    for (const input of row.querySelectorAll('[data-field]'))
      input.dataset.path = `${path}[${i}].${input.dataset.field}`;
  });
}

function rowsOf(list) {
  return [...$(`${list}-rows`).children].map((row) => {
    const values = {};
    for (const input of row.querySelectorAll('[data-field]')) {
      values[input.dataset.field] = input.type === 'checkbox' ? input.checked : input.value.trim();
    }
    return values;
  });
}

// ---------- form ⇄ case ----------

/** "105" → "105.00", "7.5" → "7.50"; anything else goes as typed so the API names the field. */
function money(text) {
  const v = text.replace(/[,，\s]/g, '');
  if (/^\d+$/.test(v)) return `${v}.00`;
  if (/^\d+\.\d$/.test(v)) return `${v}0`;
  return v;
}
function optional(target, key, value) {
  if (value !== '' && value !== undefined) target[key] = value;
}

function readCase() {
  const person = { birthDate: $('birthDate').value };
  optional(person, 'idNumber', $('idNumber').value.trim());
  optional(person, 'deathDate', $('deathDate').value);
  person.hukou = rowsOf('hukou').map((r) => {
    const p = { area: areaCode(r.area), from: r.from };
    optional(p, 'to', r.to);
    optional(p, 'restoredOn', r.restoredOn);
    return p;
  });
  const statuses = rowsOf('statuses').map((r) => {
    const p = { kind: r.kind, from: r.from };
    optional(p, 'to', r.to);
    if (r.class !== '' && r.class !== undefined) p.class = Number(r.class);
    return p;
  });
  if (statuses.length) person.statuses = statuses;
  const contributions = rowsOf('contributions').map((r) => {
    const c = {
      year: /^\d{1,4}$/.test(r.year) ? Number(r.year) : r.year,
      personal: money(r.personal || '0'),
    };
    optional(c, 'governmentPaid', r.governmentPaid && money(r.governmentPaid));
    optional(c, 'subsidy', r.subsidy && money(r.subsidy));
    if (r.makeUp) c.makeUp = true;
    return c;
  });
  if (contributions.length) person.contributions = contributions;
  const amount = $('accountAmount').value.trim();
  const asOf = $('accountAsOf').value;
  if (amount || asOf) person.accountBalance = { amount: money(amount), asOf };
  const body = { person, month: $('month').value.trim() };
  const payments = rowsOf('payments').map((r) => ({ from: r.from, to: r.to, monthly: money(r.monthly) }));
  if (payments.length) body.payments = payments;
  optional(body, 'ruleset', $('ruleset').value);
  return body;
}

function clearForm() {
  for (const id of ['birthDate', 'idNumber', 'deathDate', 'accountAmount', 'accountAsOf', 'month'])
    $(id).value = '';
  $('ruleset').value = '';
  for (const list of Object.keys(LISTS)) $(`${list}-rows`).replaceChildren();
  clearErrors();
  checkIdAsTyped();
}

function loadCase(c) {
  clearForm();
  const p = c.person;
  $('birthDate').value = p.birthDate;
  $('deathDate').value = p.deathDate ?? '';
  for (const row of p.hukou) addRow('hukou', row);
  for (const row of p.statuses ?? []) addRow('statuses', row);
  for (const row of p.contributions ?? []) addRow('contributions', row);
  if (p.accountBalance) {
    $('accountAmount').value = p.accountBalance.amount;
    $('accountAsOf').value = p.accountBalance.asOf;
  }
  for (const row of c.payments ?? []) addRow('payments', row);
  $('month').value = c.month;
}

// ---------- errors at their fields ----------

function setFieldError(input, message) {
  const err = input.closest('.field')?.querySelector('.field-error');
  if (!err) return false;
  err.classList.remove('field-ok');
  err.textContent = message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  return true;
}

function clearErrors() {
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of document.querySelectorAll('.field-error')) {
    if (el.id !== 'idNumber-err') el.textContent = '';
  }
  $('error-summary').hidden = true;
  $('error-summary').replaceChildren();
}

/** The input an API path names; a path to a row or list falls back to that row or list. */
function inputFor(path) {
  let p = path;
  while (p) {
    const el = document.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (el) return el;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return undefined;
}

function showProblems(problems) {
  clearErrors();
  const items = [];
  let first;
  const seen = new Set();
  for (const { path, message } of problems) {
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = messageText(message);
    const target = inputFor(path);
    let input = target;
    if (target && !target.matches('input, select'))
      input = target.querySelector('input, select') ?? undefined;
    if (target?.matches('input, select')) setFieldError(target, text);
    else if (path.startsWith('person.hukou')) $('hukou-err').textContent = text;
    first ??= input;
    const label = input ? describeField(input) : path;
    items.push(
      h(
        'li',
        {},
        input
          ? h('a', { href: `#${input.id}`, 'data-focus': input.id, text: `${label}：${text}` })
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

function describeField(input) {
  const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent ?? '';
  const row = input.closest('fieldset.row');
  return row ? `${row.querySelector('.row-legend').textContent} · ${label}` : label;
}

// ---------- API ----------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body) {
  const token = $('token').value.trim();
  const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(new URL(path, document.baseURI), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, undefined);
  }
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

function showRequestFailure(error) {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 401 || error.status === 403) {
    setFieldError($('token'), t(error.status === 401 ? 'badToken' : 'forbidden'));
    $('token').focus();
    return;
  }
  const errors = error.problem?.errors;
  if (Array.isArray(errors) && errors.length && error.status < 500) {
    showProblems(errors)?.focus();
    return;
  }
  clearErrors();
  const summary = $('error-summary');
  const detail =
    error.status === 0
      ? t('errNetwork')
      : error.status >= 500
        ? t('errServer')
        : (error.problem?.detail ?? t('errServer'));
  summary.replaceChildren(h('p', { text: detail }));
  summary.hidden = false;
  summary.focus();
}

let rulesetsLoadedFor = '';
async function loadRulesets() {
  const token = $('token').value.trim();
  if (!token || rulesetsLoadedFor === token) return;
  try {
    const json = await api('GET', 'v1/rulesets');
    const list = Array.isArray(json) ? json : (json?.rulesets ?? json?.items ?? []);
    rulesetsLoadedFor = token;
    const select = $('ruleset');
    const chosen = select.value;
    const latest = select.querySelector('option[value=""]');
    select.replaceChildren(latest);
    for (const r of list) {
      select.append(h('option', { value: r.id, text: `${r.id}（${r.publishedAt ?? ''}）` }));
    }
    select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
    setFieldError($('token'), '');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      setFieldError($('token'), t(error.status === 401 ? 'badToken' : 'forbidden'));
    }
  }
}

// ---------- calculation ----------

let last; // { input, eligibility, entitlement, arrears } of the last successful calculation

async function calculate() {
  const token = $('token').value.trim();
  if (!token) {
    clearErrors();
    setFieldError($('token'), t('needToken'));
    $('token').focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  const input = readCase();
  const results = $('results');
  results.setAttribute('aria-busy', 'true');
  $('submit').disabled = true;
  $('results-empty').textContent = t('calculating');
  $('results-empty').hidden = false;
  try {
    const [eligibility, entitlement, arrears] = await Promise.all([
      api('POST', 'v1/eligibility', input),
      api('POST', 'v1/entitlement', input),
      api('POST', 'v1/arrears', input),
    ]);
    clearErrors();
    // Keep the facts shown on the sheet, never the ID number.
    const { idNumber: _dropped, ...person } = input.person;
    last = { input: { ...input, person }, eligibility, entitlement, arrears };
    renderResults();
    results.focus();
  } catch (error) {
    $('results-empty').textContent = lang === 'zh' ? ZH['results.empty'] : EN['results.empty'];
    $('results-body').replaceChildren();
    last = undefined;
    showRequestFailure(error);
  } finally {
    $('submit').disabled = false;
    results.setAttribute('aria-busy', 'false');
  }
}

// ---------- results ----------

const UNIT = {
  'yuan/month': ['元/月', 'yuan/month'],
  'yuan/month per year': ['元/月·每年', 'yuan/month per year'],
  'yuan/month by age': ['元/月（按年龄）', 'yuan/month by age'],
  years: ['年', 'years'],
  yuan: ['元', 'yuan'],
};
const VALUE_ZH = {
  retroactive: '追溯补发',
  'next-month-after-birthday': '满龄次月',
  'march-1': '3月1日',
};
function paramValue(p) {
  const unit = UNIT[p.unit];
  const value = lang === 'zh' ? (VALUE_ZH[p.value] ?? p.value) : p.value;
  return unit ? `${value} ${pick(unit)}` : value;
}
function areaText(code) {
  if (code === 'national') return lang === 'zh' ? '全国' : 'National';
  return AREAS.has(code) ? areaLabel(code) : code;
}

function provisionalMark(p) {
  return p.provisional ? h('span', { class: 'badge warn', text: t('provisionalBadge') }) : null;
}

function paramsTable(params) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'params' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['pLabel', 'pValue', 'pArea', 'pFrom', 'pSource'].map((k) => h('th', { scope: 'col', text: t(k) })),
        ),
      ),
      h(
        'tbody',
        {},
        params.map((p) =>
          h(
            'tr',
            { 'data-parameter': p.id },
            h(
              'td',
              {},
              p.label,
              lang === 'en' ? h('div', { class: 'citation', text: p.id }) : null,
              ' ',
              provisionalMark(p),
            ),
            h('td', { class: 'num', text: paramValue(p) }),
            h('td', { text: areaText(p.area) }),
            h('td', { class: 'date', text: p.from }),
            h(
              'td',
              { class: 'source' },
              p.source,
              p.reason ? h('div', { class: 'citation' }, `${t('provisionalBadge')}：${p.reason}`) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

function reasonsList(reasons) {
  if (!reasons.length) return null;
  return h(
    'ul',
    { class: 'reasons' },
    reasons.map((r) =>
      h(
        'li',
        { 'data-reason': r.code },
        lang === 'zh' ? r.message : (r.messageEn ?? r.message),
        ' ',
        h('span', { class: 'citation', text: `（${r.citation}）` }),
      ),
    ),
  );
}

function figure(label, value, id) {
  return h(
    'div',
    { class: 'figure' },
    h('span', { class: 'label', text: label }),
    h('span', { class: 'value', id, text: value }),
  );
}

function renderResults() {
  if (!last) return;
  const { input, eligibility: el, entitlement: en, arrears: ar } = last;
  $('results-empty').hidden = true;
  const body = $('results-body');
  const net = ar.total.startsWith('-');

  const area = en.area ?? el.area;
  const sheetHead = h(
    'div',
    { class: 'print-only' },
    h('h2', { class: 'sheet-title', text: t('sheetTitle') }),
    h(
      'div',
      { class: 'sheet-meta' },
      h('span', { text: `${t('sheetArea')}：${area ? `${areaText(area)}（${area}）` : t('none')}` }),
      h('span', { text: `${t('sheetBirth')}：${input.person.birthDate}` }),
      h('span', { text: `${t('sheetMonth')}：${en.month}` }),
      h('span', { text: `${t('calcId')}：${en.receipt.calculationId}` }),
    ),
  );

  const headline = h(
    'div',
    { class: 'headline' },
    figure(t('monthly', en.month), `¥${en.total}`, 'result-total'),
    figure(net ? t('overpaid') : t('backPay'), `¥${net ? ar.total.slice(1) : ar.total}`, 'result-arrears'),
    figure(t('benefitSince'), el.benefit.since ?? t('none'), 'result-since'),
  );

  // Provisional parameters, with why they are not confirmed.
  const traces = new Map();
  for (const c of en.components) for (const p of c.parameters) traces.set(p.id, p);
  for (const p of [...(en.basis ?? []), ...(el.basis ?? [])]) if (!traces.has(p.id)) traces.set(p.id, p);
  const provisionalIds = [
    ...new Set([...(en.provisional ?? []), ...(el.provisional ?? []), ...(ar.provisional ?? [])]),
  ];
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
            {},
            provisionalIds.map((id) => {
              const p = traces.get(id);
              return h('li', {}, p ? `${p.label}（${paramValue(p)}）` : id, p?.reason ? `：${p.reason}` : '');
            }),
          ),
        ),
      )
    : null;

  const eligibility = h(
    'section',
    { 'aria-labelledby': 'elig-h' },
    h('h3', { id: 'elig-h', text: t('eligibilityH') }),
    h(
      'p',
      {},
      `${t('benefit')}：`,
      h('span', {
        class: `badge ${el.benefit.eligible ? 'yes' : 'no'}`,
        id: 'benefit-eligible',
        text: el.benefit.eligible ? t('yes') : t('no'),
      }),
      el.benefit.since ? ` ${t('since', el.benefit.since)}` : '',
    ),
    reasonsList(el.benefit.reasons),
    h(
      'p',
      {},
      `${t('enrolment')}：`,
      h('span', {
        class: `badge ${el.enrolment.eligible ? 'yes' : 'no'}`,
        text: el.enrolment.eligible ? t('yes') : t('no'),
      }),
    ),
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
    el.basis?.length
      ? h('details', {}, h('summary', { text: t('basisH') }), paramsTable(dedupe(el.basis)))
      : null,
  );

  const amounts = h(
    'section',
    { 'aria-labelledby': 'amount-h' },
    h('h3', { id: 'amount-h', text: `${t('amountH')}（${en.month}）` }),
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
          // Each component's row, then a full-width row with the parameters behind it.
          en.components.flatMap((c) => [
            h(
              'tr',
              { 'data-component': c.code, class: c.parameters.length ? 'has-params' : undefined },
              h(
                'td',
                {},
                h('strong', { text: pick(COMPONENTS[c.code] ?? [c.code, c.code]) }),
                c.parameters.some((p) => p.provisional)
                  ? [' ', h('span', { class: 'badge warn', text: t('provisionalBadge') })]
                  : null,
              ),
              h('td', { class: 'num', text: c.amount }),
            ),
            c.parameters.length
              ? h(
                  'tr',
                  { class: 'params-row', 'data-parameters-of': c.code },
                  h(
                    'td',
                    { colspan: 2 },
                    h(
                      'details',
                      {},
                      h('summary', { text: t('paramsOf', c.parameters.length) }),
                      paramsTable(c.parameters),
                    ),
                  ),
                )
              : null,
          ]),
        ),
        h('tfoot', {}, h('tr', {}, h('td', { text: t('total') }), h('td', { class: 'num', text: en.total }))),
      ),
    ),
  );

  const ledger = h(
    'section',
    { 'aria-labelledby': 'arrears-h' },
    h('h3', { id: 'arrears-h', text: t('arrearsH') }),
    ar.segments.some((g) => g.monthly !== '0.00')
      ? [
          h('p', { text: t('arrearsRange', ar.from, ar.to, ar.months) }),
          ...(ar.uncovered ?? []).map((u) =>
            h('p', { class: 'note uncovered', text: t('uncovered', u.from, u.to, u.months, u.area) }),
          ),
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { id: 'segments' },
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
                h(
                  'tr',
                  {},
                  h('td', { colspan: 4, text: t('paid') }),
                  h('td', { class: 'num', text: ar.paid }),
                ),
                h(
                  'tr',
                  {},
                  h('td', { colspan: 4, text: net ? t('overpaid') : t('net') }),
                  h('td', { class: 'num', id: 'arrears-total', text: ar.total }),
                ),
              ),
            ),
          ),
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
      h('dt', { text: `${t('calcId')}（${t('arrearsH')}）` }),
      h('dd', { text: ar.receipt.calculationId }),
      h('dt', { text: `${t('calcId')}（${t('eligibilityH')}）` }),
      h('dd', { text: el.receipt.calculationId }),
      h('dt', { text: t('ruleset') }),
      h('dd', { text: en.receipt.ruleset }),
      h('dt', { text: t('rulesetHash') }),
      h('dd', { id: 'receipt-hash', text: en.receipt.rulesetHash }),
      h('dt', { text: t('inputHash') }),
      h('dd', { text: en.receipt.inputHash }),
      h('dt', { text: t('calculatedAt') }),
      h('dd', { text: en.receipt.calculatedAt }),
    ),
  );

  const signatures = h(
    'div',
    { class: 'print-only signatures' },
    h('div', { text: t('signCaseworker') }),
    h('div', { text: t('signChecker') }),
    h('div', { text: t('signDate') }),
  );

  const tools = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', id: 'print', text: t('print') }),
    area ? h('button', { type: 'button', id: 'show-params', text: t('paramsButton') }) : null,
  );
  const paramsOut = h('div', { id: 'all-params', 'aria-live': 'polite' });

  body.replaceChildren(
    sheetHead,
    headline,
    warning,
    eligibility,
    amounts,
    ledger,
    receipts,
    signatures,
    tools,
    paramsOut,
  );
  $('print').addEventListener('click', () => window.print());
  $('show-params')?.addEventListener('click', () =>
    showAllParameters(en.receipt.ruleset, area, `${en.month}-01`),
  );
}

function dedupe(params) {
  const seen = new Set();
  return params.filter((p) => {
    const key = `${p.id}|${p.from}|${p.area}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function showAllParameters(ruleset, area, date) {
  const out = $('all-params');
  try {
    const query = new URLSearchParams({ area, date });
    const json = await api('GET', `v1/rulesets/${encodeURIComponent(ruleset)}/parameters?${query}`);
    const params = Array.isArray(json) ? json : (json?.parameters ?? []);
    out.replaceChildren(h('h3', { text: t('paramsH', areaText(area), date) }), paramsTable(params));
  } catch (error) {
    showRequestFailure(error);
  }
}

// ---------- chart: the monthly entitlement over time, a step line from the arrears segments ----------

const monthIndex = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

function chart(ar) {
  // Drawn at the width it is shown (a phone gets a narrower drawing, so its labels stay legible).
  const W = Math.round(Math.min(720, Math.max(320, $('results-body').clientWidth || 640)));
  const H = 220;
  const pad = { l: 48, r: 16, t: 22, b: 28 };
  const start = monthIndex(ar.segments[0].from);
  const end = monthIndex(ar.segments[ar.segments.length - 1].to) + 1;
  // Amounts are only plotted here (pixels), never added up: the figures come from the API.
  const values = ar.segments.map((g) => Number(g.monthly));
  const top = Math.ceil((Math.max(10, ...values) * 1.15) / 20) * 20;
  const x = (i) => pad.l + ((i - start) / Math.max(1, end - start)) * (W - pad.l - pad.r);
  const y = (v) => H - pad.b - (v / top) * (H - pad.t - pad.b);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': 'chart-title chart-desc',
    id: 'chart',
  });
  svg.append(
    s('title', { id: 'chart-title' }, t('chartH')),
    s('desc', { id: 'chart-desc' }, t('chartDesc', ar.from, ar.to)),
  );
  for (const v of [0, top / 2, top]) {
    const yy = y(v);
    svg.append(s('line', { class: 'grid-line', x1: pad.l, x2: W - pad.r, y1: yy, y2: yy }));
    svg.append(s('text', { x: pad.l - 6, y: yy + 4, 'text-anchor': 'end' }, Math.round(v)));
  }
  const firstYear = Math.floor(start / 12);
  const lastYear = Math.floor((end - 1) / 12);
  const step = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 8));
  for (let year = firstYear; year <= lastYear + 1; year += step) {
    const i = Math.max(start, year * 12);
    if (i > end) break;
    svg.append(s('line', { class: 'axis', x1: x(i), x2: x(i), y1: H - pad.b, y2: H - pad.b + 4 }));
    svg.append(s('text', { x: x(i), y: H - pad.b + 16, 'text-anchor': 'middle' }, year));
  }
  svg.append(s('line', { class: 'axis', x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b }));
  let line = '';
  let area = `M${x(start)},${y(0)}`;
  ar.segments.forEach((g, k) => {
    const x0 = x(monthIndex(g.from));
    const x1 = x(monthIndex(g.to) + 1);
    const yy = y(values[k]);
    line += `${k === 0 ? 'M' : 'L'}${x0},${yy}L${x1},${yy}`;
    area += `L${x0},${yy}L${x1},${yy}`;
    svg.append(s('text', { x: (x0 + x1) / 2, y: yy - 6, 'text-anchor': 'middle' }, g.monthly));
  });
  area += `L${x(end)},${y(0)}Z`;
  svg.insertBefore(s('path', { class: 'area', d: area }), svg.querySelector('line'));
  svg.append(s('path', { class: 'line', d: line }));
  return h('figure', { class: 'chart' }, h('figcaption', { text: t('chartH') }), svg);
}

// ---------- wiring ----------

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  translateStatic(document);
  const toggle = $('lang-toggle');
  toggle.textContent = lang === 'zh' ? 'English' : '中文';
  toggle.lang = lang === 'zh' ? 'en' : 'zh-CN';
  toggle.setAttribute('aria-pressed', String(lang === 'en'));
  fillAreaList();
  for (const list of Object.keys(LISTS)) {
    for (const row of $(`${list}-rows`).children) {
      translateStatic(row);
      const kind = row.querySelector('select[data-field="kind"]');
      if (kind) for (const o of kind.options) o.textContent = pick(STATUSES[o.value]);
      const area = row.querySelector('[data-field="area"]');
      if (area?.value) showAreaName(area);
    }
    renumber(list);
  }
  renderExamples();
  checkIdAsTyped();
  renderResults();
}

function renderExamples() {
  $('examples').replaceChildren(
    ...DATA.examples.map((e) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', 'data-example': e.id },
          h('strong', { text: lang === 'zh' ? e.title : e.titleEn }),
          h('span', { text: lang === 'zh' ? e.note : e.noteEn }),
        ),
      ),
    ),
  );
}

$('examples').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-example]');
  if (!button) return;
  const example = DATA.examples.find((e) => e.id === button.dataset.example);
  loadCase(example.case);
  $('results-empty').hidden = false;
  $('results-empty').textContent = t('loaded', lang === 'zh' ? example.title : example.titleEn);
  $('results-body').replaceChildren();
  last = undefined;
  if ($('token').value.trim()) calculate();
});

for (const button of document.querySelectorAll('[data-add]')) {
  button.addEventListener('click', () => {
    const row = addRow(button.dataset.add);
    row.querySelector('input, select').focus();
  });
}

$('case-form').addEventListener('submit', (event) => {
  event.preventDefault();
  calculate();
});
$('clear').addEventListener('click', () => {
  clearForm();
  addRow('hukou');
  $('results-body').replaceChildren();
  $('results-empty').hidden = false;
  $('results-empty').textContent = lang === 'zh' ? ZH['results.empty'] : EN['results.empty'];
  last = undefined;
  $('birthDate').focus();
});
$('error-summary').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-focus]');
  if (!link) return;
  event.preventDefault();
  $(link.dataset.focus).focus();
});
$('idNumber').addEventListener('input', checkIdAsTyped);
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadRulesets();
});
$('token').addEventListener('change', () => {
  const token = $('token').value.trim();
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  loadRulesets();
});
$('lang-toggle').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  applyLanguage();
});
// The sheet prints every parameter table, so open them for printing and close them again after.
let openedForPrint = [];
window.addEventListener('beforeprint', () => {
  openedForPrint = [...document.querySelectorAll('#results details:not([open])')];
  for (const d of openedForPrint) d.open = true;
});
window.addEventListener('afterprint', () => {
  for (const d of openedForPrint) d.open = false;
  openedForPrint = [];
});

$('token').value = sessionStorage.getItem(TOKEN_KEY) ?? '';
fillAreaList();
renderExamples();
addRow('hukou');
if ($('token').value) loadRulesets();
document.documentElement.dataset.ready = 'true';
