/**
 * The API answers in English (RFC 9457 problems); policy staff read Chinese. Each message says the
 * status first, then each problem at the line of the draft the user wrote (not an index into the
 * merged lists), found from the draft's own YAML.
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';

export const STATUS_ZH: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '输入有误（400）',
  401: '令牌无效或未填写（401）：请粘贴政策处令牌',
  403: '此令牌无权使用规则变更测算（403）：需要政策处（policy）令牌',
  404: '找不到（404）',
  413: '文件太大（413）',
  415: '格式不对（415）',
  422: '内容无效（422）',
  429: '请求太频繁（429），请稍后再试',
  503: '服务暂时不可用（503），请稍后再试',
};

const MESSAGE_ZH: readonly (readonly [RegExp, string])[] = [
  [/must be a money string like "([^"]*)"/, '金额须写成带两位小数的字符串，例如 "$1"'],
  [/ruleset (\S+) has no parameter (\S+)/, '规则版本 $1 中没有参数 $2'],
  [/No published ruleset "([^"]*)"/, '没有已发布的规则版本 "$1"'],
  [
    /^not valid YAML: ([\s\S]*?) at line (\d+), column (\d+)[\s\S]*$/,
    'YAML 格式错误：第 $2 行第 $3 列附近写法不对，请检查该行及上一行的缩进、冒号、引号和括号',
  ],
  [/^not valid YAML: /, 'YAML 格式错误：'],
  [
    /a change defines a parameter, adds values, raises one \(raise\), removes values \(removeFrom\), or several of these/,
    '每项变更须新增取值（values）、提高（raise）或删除取值（removeFrom）',
  ],
  [/Invalid input: expected object, received undefined/, '缺少此项'],
  [/Invalid input: expected boolean, received undefined/, '缺少此项（填 true 或 false）'],
  [/Invalid input: expected (\w+), received (\w+)/, '类型不对（应为 $1，实为 $2）'],
  [/must be a calendar date YYYY-MM-DD/, '日期须写成 YYYY-MM-DD，且是真实的日期'],
  [/must be a date YYYY-MM-DD/, '日期须写成 YYYY-MM-DD'],
  [/must be a month YYYY-MM/, '月份须写成 YYYY-MM'],
  [/must be an id returned when it was created/, '编号无效'],
  [/Unrecognized key: "([^"]*)"/, '不认识的字段 "$1"'],
  [/two values from (\S+)/, '同一日期 $1 有两个取值'],
  [/the parameter has no values for (\S+)/, '该参数在 $1 没有取值'],
  [/raise: the base value on (\S+) is not an amount/, '提高（raise）只适用于金额参数：$1 的基准值不是金额'],
  [/raise: no base value on (\S+)/, '提高（raise）找不到 $1 当日的基准值'],
];

export const zh = (message: string) =>
  MESSAGE_ZH.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), String(message));

/** Parts of the draft's own structure: "changes" → "变更", "values" → "取值". */
const PART_ZH: Record<string, string> = {
  changes: '变更',
  values: '取值',
  raise: '提高',
  value: '值',
  from: '起始日期',
  source: '来源',
  provisional: '是否待确认',
  reason: '原因',
  parameter: '参数',
  area: '地区',
};

/**
 * "changes.0.values.1.from: must be …" → "第 12 行（变更 1 · 取值 2 · 起始日期）：…": the line of
 * the user's draft holding that node (or its nearest parent that exists).
 */
export function draftProblem(message: string, draftText: string): string {
  // A problem the candidate ruleset found: "changes[0] (id): values.national[9].value: …" indexes the
  // merged list of the parameter's values, not the draft: it is placed at the draft's own value when
  // the change has one (else at the change).
  const merged = /^changes\[(\d+)\] \([^)]*\): values\.[^.[]+\[\d+\]\.(\w+): ([\s\S]*)$/.exec(message);
  if (merged) {
    const [, change, field, rest] = merged as unknown as [string, string, string, string];
    const own = valuesOf(draftText, Number(change));
    const path = own === 1 ? ['changes', change, 'values', '0', field] : ['changes', change];
    return located(path, rest, draftText);
  }
  const m = /^((?:[A-Za-z]+|\d+)(?:\.(?:[A-Za-z]+|\d+))*): ([\s\S]*)$/.exec(message);
  if (!m) return zh(message);
  return located((m[1] as string).split('.'), m[2] as string, draftText);
}

function located(path: readonly string[], message: string, draftText: string): string {
  // "changes 0 values 1 from" → "变更 1 · 取值 2 · 起始日期": a number counts from 1, beside its list.
  const parts: string[] = [];
  for (const part of path) {
    if (/^\d+$/.test(part) && parts.length > 0) parts[parts.length - 1] += ` ${Number(part) + 1}`;
    else parts.push(PART_ZH[part] ?? part);
  }
  // The change named by its parameter too, as the user wrote it.
  const parameter =
    path[0] === 'changes' && path[1] !== undefined ? parameterOf(draftText, Number(path[1])) : undefined;
  if (parameter) parts.splice(1, 0, parameter);
  const where = parts.join(' · ');
  const line = lineOf(draftText, path);
  return `${line ? `第 ${line} 行（${where}）` : where}：${zh(message)}`;
}

function changeOf(text: string, index: number) {
  const changes = parseDocument(text).get('changes');
  return isSeq(changes) ? changes.items[index] : undefined;
}

/** The parameter change `index` of the draft names. */
function parameterOf(text: string, index: number): string | undefined {
  const change = changeOf(text, index);
  const parameter = isMap(change) ? change.get('parameter') : undefined;
  return typeof parameter === 'string' ? parameter : undefined;
}

/** How many values change `index` of the draft lists (0 when it cannot tell). */
function valuesOf(text: string, index: number): number {
  const change = changeOf(text, index);
  const values = isMap(change) ? change.get('values') : undefined;
  return isSeq(values) ? values.items.length : 0;
}

function lineOf(text: string, path: readonly string[]): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) return undefined;
  let node: unknown = doc.contents;
  let offset: number | undefined;
  const start = (n: unknown) => (n as { range?: [number, number, number] } | null)?.range?.[0];
  for (const part of path) {
    if (isSeq(node)) {
      const item = node.items[Number(part)];
      if (item === undefined) break;
      offset = start(item) ?? offset;
      node = item;
    } else if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      offset = start(pair.key) ?? offset;
      node = pair.value;
    } else break;
  }
  return offset === undefined ? undefined : counter.linePos(offset).line;
}
