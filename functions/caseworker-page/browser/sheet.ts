/**
 * The printed 待遇核定单: one A4 page a county office can file, in Chinese whatever the screen's
 * language, Beijing time. Parameter tables and the provisional list go to an appendix, printed only
 * when asked for. The ID number, when given, is printed masked; the name and the office are typed
 * for the sheet alone and never sent.
 */

import { beijingTime, chineseDate, todayInBeijing } from '../../shared/beijing-time.ts';
import { areaText } from './areas.ts';
import { $, h, input } from './dom.ts';
import { maskId } from './resident-id.ts';
import { type Calculation, provisionalOf, tracesOf } from './results.ts';
import { COMPONENTS } from './text.ts';
import { componentFormula, documentOf, reasonZh, totalFormula } from './trace.ts';

/** A line to write on by hand when the page was not told the value. */
const blank = (text: string | undefined, cls = 'fill') =>
  text ? h('span', { class: 'filled', text }) : h('span', { class: cls, 'aria-label': '（手写）' });

const row = (...cells: (string | HTMLElement)[]) =>
  h(
    'tr',
    {},
    cells.map((c) => (typeof c === 'string' ? h('td', { text: c }) : c)),
  );

export function renderSheet(c: Calculation): void {
  const { input: facts, eligibility: el, entitlement: en, arrears: ar } = c;
  const area = en.area ?? el.area;
  const idNumber = input('idNumber').value.trim();
  const name = input('name').value.trim();
  const office = input('office').value.trim();
  const provisional = provisionalOf(c);
  const printedOn = todayInBeijing();

  const person = h(
    'table',
    { class: 'sheet-person' },
    h(
      'tbody',
      {},
      row(
        h('th', { text: '姓名' }),
        h('td', {}, blank(name)),
        h('th', { text: '公民身份号码' }),
        h('td', { class: 'sheet-id' }, blank(idNumber ? maskId(idNumber) : undefined)),
      ),
      row(
        h('th', { text: '出生日期' }),
        h('td', { text: facts.person.birthDate }),
        h('th', { text: '户籍地' }),
        h('td', { text: area ? `${areaText(area)}（${area}）` : '无' }),
      ),
      row(
        h('th', { text: '领取资格' }),
        h('td', { text: el.benefit.eligible ? `符合，自 ${el.benefit.since ?? en.month} 起` : '不符合' }),
        h('th', { text: '核算月份' }),
        h('td', { text: `${en.month}${c.projection ? '（预测，尚未到达）' : ''}` }),
      ),
    ),
  );

  const components = h(
    'table',
    { class: 'sheet-amounts' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { text: '项目' }),
        h('th', { text: '计算' }),
        h('th', { class: 'num', text: '金额（元/月）' }),
      ),
    ),
    h(
      'tbody',
      {},
      en.components.map((comp) =>
        h(
          'tr',
          {},
          h('td', { text: (COMPONENTS[comp.code] ?? [comp.code])[0] }),
          h('td', { class: 'formula', text: componentFormula(comp, facts, en.month) ?? '' }),
          h('td', { class: 'num', text: comp.amount }),
        ),
      ),
    ),
    h(
      'tfoot',
      {},
      h(
        'tr',
        {},
        h('td', { text: '合计' }),
        h('td', { class: 'formula', id: 'sheet-total-formula', text: totalFormula(en.components, en.total) }),
        h('td', { class: 'num', id: 'sheet-total', text: en.total }),
      ),
    ),
  );

  const net = ar?.total.startsWith('-') ?? false;
  const arrears = !ar
    ? h('p', { text: `核算月份 ${en.month} 尚未到达，不计算补发。` })
    : h(
        'div',
        {},
        h(
          'table',
          { class: 'sheet-arrears' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['起始月', '截止月', '月数', '每月（元）', '小计（元）'].map((x) => h('th', { text: x })),
            ),
          ),
          h(
            'tbody',
            {},
            ar.segments.map((g) => row(g.from, g.to, String(g.months), g.monthly, g.amount)),
          ),
          h(
            'tfoot',
            {},
            h(
              'tr',
              {},
              h('td', { colspan: 4, text: `应发合计（${ar.from} 至 ${ar.to}，${ar.months} 个月）` }),
              h('td', { class: 'num', text: ar.due }),
            ),
            h('tr', {}, h('td', { colspan: 4, text: '已发合计' }), h('td', { class: 'num', text: ar.paid })),
            h(
              'tr',
              {},
              h('td', { colspan: 4, text: net ? '多发应追回' : '补发（应发 − 已发）' }),
              h('td', { class: 'num', id: 'sheet-arrears', text: ar.total }),
            ),
          ),
        ),
        facts.payments?.length
          ? null
          : h('p', {
              class: 'sheet-note',
              text: '未填写已发放待遇：补发按应发全额计算，发放前须核对实际已发金额。',
            }),
      );

  const receipts = h(
    'p',
    { class: 'sheet-receipt' },
    `规则版本 ${en.receipt.ruleset}（${en.receipt.rulesetHash.slice(0, 19)}…）；计算编号：待遇 ${en.receipt.calculationId}`,
    ar ? `，补发 ${ar.receipt.calculationId}` : '',
    `，资格 ${el.receipt.calculationId}；计算时间 ${beijingTime(en.receipt.calculatedAt)}。`,
  );

  const sheet = h(
    'div',
    { class: 'sheet-page' },
    h('h2', { class: 'sheet-title', text: '城乡居民基本养老保险待遇核定单' }),
    h(
      'p',
      { class: 'sheet-meta' },
      '经办机构：',
      blank(office, 'fill wide'),
      h('span', { class: 'sheet-date', text: `打印日期：${chineseDate(printedOn)}` }),
      h('span', { class: 'sheet-calc', text: `计算编号：${en.receipt.calculationId}` }),
    ),
    person,
    h('h3', { text: `一、每月待遇（${en.month}）` }),
    components,
    h('h3', { text: '二、补发' }),
    arrears,
    h('h3', { text: '三、依据' }),
    receipts,
    provisional.length
      ? h('p', {
          class: 'sheet-note',
          text: `本核定单用到 ${provisional.length} 项待确认参数（尚无权威文件确认），核定前请对照当地文件核实；参数和待确认清单可勾选“打印附录”随附。`,
        })
      : null,
    h(
      'div',
      { class: 'signatures' },
      ['经办人', '审核人', '日期'].map((label) =>
        h('div', {}, h('span', { text: `${label}：` }), h('span', { class: 'fill' })),
      ),
    ),
  );

  const traces = tracesOf(c);
  const params = [...traces.values()];
  const appendix = h(
    'div',
    { class: 'sheet-appendix', id: 'sheet-appendix' },
    h('h2', { text: '附录：计算依据的参数' }),
    h(
      'table',
      { class: 'sheet-params' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['参数', '取值', '起始日期', '依据文件'].map((x) => h('th', { text: x })),
        ),
      ),
      h(
        'tbody',
        {},
        params.map((p) =>
          row(p.label + (p.provisional ? '（待确认）' : ''), p.value, p.from, documentOf(p.source)),
        ),
      ),
    ),
    provisional.length
      ? [
          h('h2', { text: '待确认参数' }),
          h(
            'ul',
            {},
            provisional.map((id) => {
              const p = traces.get(id);
              return h('li', { text: p ? `${p.label}：${p.reason ? reasonZh(p.reason) : ''}` : id });
            }),
          ),
        ]
      : null,
  );
  $('sheet').replaceChildren(sheet, appendix);
}
