/**
 * The caseworker page in a real headless Chromium (Debian's chromium driven by playwright-core),
 * served by the real local server with its real handlers and an in-memory dynalite store.
 * Screenshots of the main states go to test-output/screenshots/ for a look by eye.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../functions/local/server.ts';
import { checkCharacter } from '../../rules/resident-id.ts';
import {
  type BrowserRig,
  type Opened,
  openPage,
  overlappingLabels,
  pdfPages,
  SCREENSHOTS,
  shot,
  startRig,
  walkWithKeyboard,
  withOpenPage,
} from './helpers.ts';

// The functions given to page.evaluate run in the browser. The project's tsconfig has no DOM library,
// so this module declares just what they touch.
interface BrowserElement {
  blur(): void;
}
declare const document: {
  readonly activeElement: BrowserElement | null;
  readonly documentElement: { scrollWidth: number };
};
declare const window: { readonly innerWidth: number };
declare const sessionStorage: Record<string, string>;
declare const localStorage: Record<string, string>;

let rig: BrowserRig;
let server: LocalServer;

beforeAll(async () => {
  rig = await startRig('caseworker-page-');
  server = rig.server;
});

afterAll(async () => {
  await rig?.close();
});

function withPage(run: (opened: Opened) => Promise<void>, viewport?: { width: number; height: number }) {
  return withOpenPage(rig.browser, `${server.url}/`, run, {
    readySelector: 'html[data-ready="true"]',
    ...(viewport ? { viewport } : {}),
  });
}

async function typeToken(page: Page) {
  await page.fill('#token', server.keys.caseworker);
}

/** Fills row `index` of the hukou list the way a caseworker does: area searched by name. */
async function fillHukou(
  page: Page,
  index: number,
  row: { area: string; from: string; to?: string; restoredOn?: string },
) {
  const fields = page.locator('#hukou-rows > fieldset').nth(index);
  await fields.locator('[data-field="area"]').fill(row.area);
  await fields.locator('[data-field="from"]').fill(row.from);
  if (row.to) await fields.locator('[data-field="to"]').fill(row.to);
  if (row.restoredOn) await fields.locator('[data-field="restoredOn"]').fill(row.restoredOn);
}

interface Cell {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly textContent: string | null;
  closest(selector: string): Cell | null;
  querySelectorAll(selector: string): Iterable<Cell>;
}

/**
 * Tables wider than the screen that are not inside a scrolling box of their own, and cells whose
 * content is cut (narrower than what they hold).
 */
async function tablesThatDoNotFit(page: Page): Promise<string[]> {
  return page.locator('table').evaluateAll((tables) =>
    (tables as unknown as Cell[]).flatMap((table) => {
      const problems: string[] = [];
      const wrap = table.closest('.table-wrap');
      if (table.scrollWidth > (wrap ?? table).clientWidth + 1 && !wrap)
        problems.push(`table ${table.textContent?.slice(0, 30)}`);
      for (const cell of table.querySelectorAll('td, th'))
        if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`cell ${cell.textContent?.slice(0, 30)}`);
      return problems;
    }),
  );
}

async function calculateAndWait(page: Page) {
  const answered = Promise.all(
    ['eligibility', 'entitlement', 'arrears'].map((kind) =>
      page.waitForResponse((r) => r.url().endsWith(`/v1/${kind}`) && r.request().method() === 'POST'),
    ),
  );
  await page.click('#submit');
  return answered;
}

/** The same case straight to the API: the page must show what the API answers. */
async function api(kind: string, body: unknown) {
  const response = await fetch(`${server.url}/v1/${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.keys.caseworker}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & {
    total: string;
    receipt: { calculationId: string };
  };
}

async function fillQinzhou79(page: Page) {
  await typeToken(page);
  await page.fill('#birthDate', '1941-03-15');
  await fillHukou(page, 0, { area: '秦州区', from: '1941-03-15' });
  await page.click('[data-add="statuses"]');
  const status = page.locator('#statuses-rows > fieldset').first();
  await status.locator('[data-field="kind"]').selectOption('registered-poor');
  await status.locator('[data-field="from"]').fill('2014-01-01');
  await page.fill('#month', '2020-05');
}

describe('caseworker page', () => {
  it('is served at / in Chinese with a policy that allows only its own inline code', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    // Nothing loads from elsewhere: the only link is the empty data: icon (so no /favicon.ico 404).
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/);
    // HEAD answers as GET does, without the body.
    const head = await fetch(`${server.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toBe(csp);
    expect(await head.text()).toBe('');
  });

  it('shows 105.00 a month for the Qinzhou 79-year-old in May 2020, with the parameters behind it', async () => {
    await withPage(async ({ page }) => {
      await fillQinzhou79(page);
      await expect
        .poll(() => page.locator('#hukou-rows .area-name').first().textContent())
        .toContain('620502');
      await calculateAndWait(page);

      await expect.poll(() => page.textContent('#result-total')).toBe('¥105.00');
      const basic = page.locator('[data-component="basic-pension"]');
      expect(await basic.locator('td.num').last().textContent()).toBe('105.00');
      expect(await basic.textContent()).toContain('基础养老金');
      for (const code of ['old-age-supplement', 'long-contribution-bonus', 'account-pension']) {
        expect(await page.locator(`[data-component="${code}"]`).count()).toBe(1);
      }
      // The parameters behind the basic pension, with their values and sources.
      const behind = page.locator('[data-parameters-of="basic-pension"]');
      await behind.locator('summary').click();
      const national = behind.locator('[data-parameter="basic-pension.national-minimum"]');
      expect(await national.textContent()).toContain('88.00');
      expect(await national.locator('.source').textContent()).not.toBe('');
      // The county top-up is derived, not confirmed: the warning says so and why.
      const warning = page.locator('#provisional-warning');
      expect(await warning.isVisible()).toBe(true);
      expect(await warning.textContent()).toContain('待确认');
      await warning.locator('summary').click();
      expect(await warning.textContent()).toContain('县（区）级基础养老金加发');
      expect(await page.textContent('#benefit-eligible')).toBe('符合');
      // The published rulesets were listed from GET /v1/rulesets once the key was given.
      expect(await page.locator('#ruleset option[value="2026.1"]').count()).toBe(1);
      await shot(page, 'qinzhou-79-desktop.png');
    });
  });

  it('adds a restored hukou and shows back pay since 2011-07 with its ledger and chart', async () => {
    await withPage(async ({ page }) => {
      // The Liangzhou ex-mine worker: his hukou went with the mine in 1992 and was declared again in 2020.
      await typeToken(page);
      await page.fill('#birthDate', '1951-03-10');
      await fillHukou(page, 0, { area: '620602', from: '1951-03-10', to: '1992-01-01' });
      await page.fill('#month', '2020-05');
      await calculateAndWait(page);
      await expect.poll(() => page.textContent('#result-total')).toBe('¥0.00');
      expect(await page.textContent('#benefit-eligible')).toBe('不符合');
      expect(await page.locator('[data-reason="NO_LOCAL_HUKOU"]').count()).toBeGreaterThan(0);

      await page.click('[data-add="hukou"]');
      await fillHukou(page, 1, { area: '凉州区', from: '1992-01-01', restoredOn: '2020-04-19' });
      await page.click('[data-add="payments"]');
      const payment = page.locator('#payments-rows > fieldset').first();
      await payment.locator('[data-field="from"]').fill('2020-05');
      await payment.locator('[data-field="to"]').fill('2020-05');
      await payment.locator('[data-field="monthly"]').fill('88');
      await calculateAndWait(page);

      await expect.poll(() => page.textContent('#result-since')).toBe('2011-07');
      const expected = await api('arrears', {
        person: {
          birthDate: '1951-03-10',
          hukou: [
            { area: '620602', from: '1951-03-10', to: '1992-01-01' },
            { area: '620602', from: '1992-01-01', restoredOn: '2020-04-19' },
          ],
        },
        payments: [{ from: '2020-05', to: '2020-05', monthly: '88.00' }],
        month: '2020-05',
      });
      expect(await page.textContent('#arrears-total')).toBe(expected.total);
      expect(Number(expected.total)).toBeGreaterThan(0);
      const rows = page.locator('#segments tbody tr');
      const segments = expected.segments as { from: string; monthly: string }[];
      expect(await rows.count()).toBe(segments.length);
      expect(await rows.first().locator('td').first().textContent()).toBe('2011-07');
      // The chart draws the steps; its labels never run into each other (the table has every figure).
      const chart = page.locator('#chart');
      expect(await chart.isVisible()).toBe(true);
      expect(
        await chart.locator('text', { hasText: segments.at(-1)?.monthly ?? '' }).count(),
      ).toBeGreaterThan(0);
      expect(await overlappingLabels(page, '#chart text')).toEqual([]);
      await shot(page, 'liangzhou-back-pay-desktop.png');
    });
  });

  it('checks the ID number as typed and shows the API error at the field, in Chinese', async () => {
    await withPage(async ({ page, context }) => {
      await fillQinzhou79(page);
      const body = '62050219410315123';
      const wrong = checkCharacter(body) === '0' ? '1' : '0';
      await page.fill('#idNumber', body + wrong);
      // Checked as typed, before any request.
      await expect.poll(() => page.textContent('#idNumber-err')).toContain('校验码');
      // A bad area in a second hukou row is named at that row.
      await page.click('[data-add="hukou"]');
      await fillHukou(page, 0, { area: '秦州区', from: '1941-03-15', to: '1990-01-01' });
      await fillHukou(page, 1, { area: '火星', from: '1990-01-01' });

      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/v1/entitlement')),
        page.click('#submit'),
      ]);
      expect(response.status()).toBeGreaterThanOrEqual(400);
      expect(response.status()).toBeLessThan(500);
      await expect.poll(() => page.locator('#error-summary').isVisible()).toBe(true);
      const areaInput = page.locator('#hukou-rows > fieldset').nth(1).locator('[data-field="area"]');
      expect(await areaInput.getAttribute('aria-invalid')).toBe('true');
      const areaError = page.locator(`#${await areaInput.getAttribute('id')}-err`);
      expect(await areaError.textContent()).toContain('请从列表中选择地区');

      // Fix the area: the shape is now right and the check digit is what the API refuses.
      await areaInput.fill('620502');
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/v1/entitlement')),
        page.click('#submit'),
      ]);
      await expect.poll(() => page.getAttribute('#idNumber', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#idNumber-err')).toBe('身份证号校验码不对，请核对是否抄错');
      expect(await page.textContent('#error-summary')).toContain('公民身份号码');
      expect(await page.locator('#results-body').textContent()).toBe('');
      await shot(page, 'bad-id-number-desktop.png');

      // The ID number is nowhere but in its input: not the address, not storage, not a cookie.
      expect(page.url()).not.toContain(body);
      const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
      expect(stored).not.toContain(body);
      expect(JSON.stringify(await context.cookies())).not.toContain(body);
    });
  });

  it('asks for the 低保 class at its field when it decides the premium, and names months registered elsewhere', async () => {
    await withPage(async ({ page }) => {
      await typeToken(page);
      // Aged 44 in 2019, 低保 since 2018 without a class: from 2018 only class 1–2 earn the premium.
      await page.fill('#birthDate', '1975-06-01');
      await fillHukou(page, 0, { area: '麦积区', from: '1975-06-01' });
      await page.click('[data-add="statuses"]');
      const status = page.locator('#statuses-rows > fieldset').first();
      const classField = status.locator('[data-field="class"]');
      await status.locator('[data-field="kind"]').selectOption('registered-poor');
      expect(await classField.isVisible()).toBe(false);
      await status.locator('[data-field="kind"]').selectOption('minimum-living-allowance');
      expect(await classField.isVisible()).toBe(true);
      await status.locator('[data-field="from"]').fill('2018-03-01');
      await page.fill('#month', '2019-05');
      const [eligibility] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/v1/eligibility')),
        page.click('#submit'),
      ]);
      expect(eligibility.status()).toBe(422);
      await expect.poll(() => classField.getAttribute('aria-invalid')).toBe('true');
      const classError = page.locator(`#${await classField.getAttribute('id')}-err`);
      expect(await classError.textContent()).toBe('请选择低保类别：2019 年政府只为 1、2 类低保对象代缴');
      await shot(page, 'living-allowance-class-desktop.png');

      // Class 1: the premium is due, and nothing is refused.
      await classField.selectOption('1');
      await calculateAndWait(page);
      await expect.poll(() => page.locator('#results-body').textContent()).toContain('100.00');

      // Registered in Beijing for three years in between: the ledger says so instead of a silent zero.
      await page.fill('#birthDate', '1945-04-10');
      await fillHukou(page, 0, { area: '安定区', from: '1945-04-10', to: '2016-03-01' });
      await page.click('[data-add="hukou"]');
      await page.locator('#hukou-rows > fieldset').nth(1).locator('[data-field="area"]').fill('110101');
      await page.locator('#hukou-rows > fieldset').nth(1).locator('[data-field="from"]').fill('2016-03-01');
      await page.locator('#hukou-rows > fieldset').nth(1).locator('[data-field="to"]').fill('2019-03-01');
      await page.click('[data-add="hukou"]');
      await fillHukou(page, 2, { area: '安定区', from: '2019-03-01' });
      await status.locator('.remove').click();
      await page.fill('#month', '2019-06');
      await calculateAndWait(page);
      await expect
        .poll(() => page.locator('.uncovered').textContent())
        .toBe('其中 2016-03 至 2019-02（36 个月）户籍在本省以外（110101），不属本规则适用范围，未计入补发。');
      expect(await page.textContent('#arrears-total')).toBe('3462.00');
      await shot(page, 'uncovered-months-desktop.png');
    });
  });

  it('reaches every control with the keyboard alone and runs an example from it', async () => {
    await withPage(async ({ page }) => {
      await typeToken(page);
      // With a result on the page too, so its buttons and disclosures are part of the walk.
      await page.click('[data-example="lintao-70"]');
      await expect.poll(() => page.locator('#result-total').count()).toBe(1);
      await page.click('[data-add="contributions"]');
      await page.click('[data-add="payments"]');
      await page.evaluate(() => document.activeElement?.blur());

      const { controls, missed, outlines } = await walkWithKeyboard(page);
      expect(controls).toBeGreaterThan(30);
      expect(missed).toEqual([]);
      // Focus is visible on every control reached.
      expect(outlines).toEqual(['solid']);

      // Keyboard only: focus an example, press Enter, and the result arrives.
      await page.focus('[data-example="qinzhou-79"]');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.textContent('#result-total')).toBe('¥105.00');
    });
  });

  it('prints the 待遇核定单 on one A4 page, in Chinese, with the masked ID number and the sum written out', async () => {
    await withPage(async ({ page }) => {
      await fillQinzhou79(page);
      const idNumber = `62050219410315123${checkCharacter('62050219410315123')}`;
      await page.fill('#idNumber', idNumber);
      await page.fill('#office', '天水市秦州区社会保险事业管理局');
      const [, entitlement] = (await calculateAndWait(page)) as [unknown, { json(): Promise<unknown> }];
      await expect.poll(() => page.textContent('#result-total')).toBe('¥105.00');
      const receipt = (
        (await entitlement.json()) as { receipt: { calculationId: string; calculatedAt: string } }
      ).receipt;

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#case-form').isVisible()).toBe(false);
      expect(await page.locator('#results-body').isVisible()).toBe(false);
      const sheet = page.locator('#sheet');
      expect(await page.locator('.sheet-title').textContent()).toBe('城乡居民基本养老保险待遇核定单');
      const text = (await sheet.locator('.sheet-page').textContent()) ?? '';
      // The ID number masked, never in clear; the name left blank to be written by hand.
      expect(text).toContain(`6205**********${idNumber.slice(-4)}`);
      expect(text).not.toContain(idNumber);
      expect(await sheet.locator('.sheet-person td .fill').count()).toBe(1);
      expect(text).toContain('天水市秦州区社会保险事业管理局');
      expect(text).toContain('天水市 秦州区（620502）');
      // The month's amount by component, and the sum written out.
      expect(await page.textContent('#sheet-total-formula')).toBe('105.00 + 0.00 + 0.00 + 0.00 = 105.00');
      expect(text).toContain('88.00 + 省级基础养老金加发 15.00');
      expect(await page.textContent('#sheet-arrears')).toBe('7917.00');
      expect(text).toContain('未填写已发放待遇');
      expect(text).toContain(receipt.calculationId);
      expect(text).toContain('规则版本 2026.2');
      for (const line of ['经办人', '审核人', '日期']) expect(text).toContain(`${line}：`);
      // Beijing time, whatever the machine's zone.
      const beijing = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(receipt.calculatedAt));
      expect(text).toContain(`${beijing}（北京时间）`);
      // Chinese only: no English halves of reasons, no internal labels.
      expect(text).not.toMatch(/\b(the|and|not|is|of|yuan|found)\b/i);
      expect(text).not.toMatch(/合同决定|\(S\d\)/);

      await page.setViewportSize({ width: 794, height: 1123 });
      await shot(page, 'benefit-sheet-print.png');
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPages(pdf)).toBe(1);

      // The parameters and the provisional list only as an appendix, when asked for.
      await page.emulateMedia({ media: 'screen' });
      await page.check('#print-appendix');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#sheet-appendix').isVisible()).toBe(true);
      expect(await page.locator('#sheet-appendix').textContent()).toContain('全国基础养老金最低标准');
      expect(pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBeGreaterThan(1);
    });
  });

  it('prints a long back-pay ledger on one page too', async () => {
    await withPage(async ({ page }) => {
      await typeToken(page);
      await page.click('[data-example="lintao-70"]');
      await expect.poll(() => page.locator('#sheet-arrears').count()).toBe(1);
      await page.emulateMedia({ media: 'print' });
      expect(pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(1);
    });
  });

  it('shows the trace as arithmetic: layers added, the age against its tier, why 符合, sources by document', async () => {
    await withPage(async ({ page }) => {
      await typeToken(page);
      await page.click('[data-example="qinzhou-79"]');
      await expect.poll(() => page.textContent('#result-total')).toBe('¥105.00');
      expect(await page.textContent('[data-formula-of="basic-pension"]')).toBe(
        '全国基础养老金最低标准 88.00 + 省级基础养老金加发 15.00 + 市（州）级基础养老金加发 0.00 + 县（区）级基础养老金加发 2.00 = 105.00 元',
      );
      expect(await page.textContent('[data-formula-of="old-age-supplement"]')).toContain(
        '本人 2020-05 时 79 周岁',
      );
      expect(await page.textContent('[data-formula-of="account-pension"]')).toContain('未填个人账户储存额');
      expect(await page.textContent('#total-formula')).toBe('105.00 + 0.00 + 0.00 + 0.00 = 105.00');
      // 符合 says why.
      const because = (await page.textContent('#benefit-because')) ?? '';
      expect(because).toContain('本人 2020-05 时 79 周岁，已达领取年龄 60 周岁');
      expect(because).toContain('国发〔2014〕8号');
      // Sources by document number and title; no internal labels, no English halves in Chinese.
      const results = (await page.textContent('#results-body')) ?? '';
      expect(results).not.toMatch(/合同决定|\(S\d\)|NOT FOUND|API 合同/);
      const behind = page.locator('[data-parameters-of="basic-pension"]');
      await behind.locator('summary').click();
      expect(
        await behind.locator('[data-parameter="basic-pension.national-minimum"] .doc').textContent(),
      ).toBe('人社部规〔2018〕3号 关于2018年提高全国城乡居民基本养老保险基础养老金最低标准的通知');
      // Only the provisional parameters that bear on this case: no 29 February rule for 15 March.
      const provisional = await page
        .locator('#provisional-list li')
        .evaluateAll((els) =>
          (els as unknown as { dataset: { provisional: string } }[]).map((el) => el.dataset.provisional),
        );
      expect(provisional).not.toContain('age.leap-day-birthday');
      expect(provisional).toContain('basic-pension.county-top-up');
      await page.locator('#provisional-warning summary').click();
      await page.locator('#amounts').screenshot({ path: join(SCREENSHOTS, 'trace-desktop.png') });
      await page.locator('#eligibility').screenshot({ path: join(SCREENSHOTS, 'eligibility-desktop.png') });
    });
  });

  it('says what is wrong with impossible dates and amounts at their own fields, in Chinese', async () => {
    await withPage(async ({ page }) => {
      await page.clock.setFixedTime(new Date('2026-12-06T20:00:00Z')); // 2026-12-07 in Beijing
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
      await typeToken(page);
      const requests: string[] = [];
      page.on('request', (r) => {
        if (/\/v1\/(eligibility|entitlement|arrears)$/.test(r.url())) requests.push(r.url());
      });
      // A valid 身份证号 fills the date of birth.
      const idNumber = `62050219410315123${checkCharacter('62050219410315123')}`;
      await page.fill('#idNumber', idNumber);
      expect(await page.inputValue('#birthDate')).toBe('1941-03-15');
      await page.fill('#idNumber', '');
      await page.fill('#birthDate', '2026-12-08');
      await fillHukou(page, 0, { area: '秦州', from: '1941-03-15' });
      await page.fill('#month', '2008-05');
      await page.fill('#accountAmount', '-5');
      await page.fill('#accountAsOf', '2020-01-01');
      await page.click('#submit');
      await expect.poll(() => page.textContent('#birthDate-err')).toBe('出生日期不能晚于今天（2026-12-07）');
      expect(await page.textContent('#month-err')).toBe('核算月份须在 2009-10 以后（本规则自该月起适用）');
      expect(await page.textContent('#accountAmount-err')).toBe('金额不能为负数');
      expect(await page.getAttribute('#birthDate', 'aria-invalid')).toBe('true');
      expect(requests).toEqual([]);
      await shot(page, 'input-sense-desktop.png');

      // A month not reached yet: the entitlement as a labelled projection, no back pay asked for.
      await page.fill('#birthDate', '1941-03-15');
      await page.fill('#month', '2027-03');
      await page.fill('#accountAmount', '');
      await page.fill('#accountAsOf', '');
      expect(await page.textContent('#month-note')).toContain('补发只能算到本月');
      await page.click('#submit');
      await expect.poll(() => page.textContent('#result-total-note')).toContain('预测');
      expect(await page.textContent('#results-body')).toContain('2027-03 每月应发（预测）');
      expect(requests.filter((url) => url.endsWith('/v1/arrears'))).toEqual([]);
      expect(await page.textContent('#arrears-future')).toBe('核算月份尚未到来，不计算补发。');
    });
  });

  it('explains a restored period that leaves a gap, and a back pay with nothing entered as paid', async () => {
    await withPage(async ({ page }) => {
      await typeToken(page);
      await page.fill('#birthDate', '1951-03-10');
      await fillHukou(page, 0, { area: '凉州区', from: '1951-03-10', to: '1992-01-01' });
      await page.click('[data-add="hukou"]');
      await fillHukou(page, 1, { area: '凉州区', from: '2020-04-19', restoredOn: '2020-04-19' });
      const note = page.locator('#hukou-rows > fieldset').nth(1).locator('.row-note');
      await expect.poll(() => note.textContent()).toContain('1992-01-01 至 2020-04-19 之间不计入');
      expect(await note.textContent()).toContain('请把本段起始日期填为 1992-01-01');
      await page.fill('#month', '2020-05');
      await calculateAndWait(page);
      await expect.poll(() => page.textContent('#result-since')).toBe('2020-05');
      expect(await page.textContent('#result-arrears-note')).toContain('未填写已发放的待遇');
    });
  });

  it('finds an area by 市（州） and part of its name, the code after the name', async () => {
    await withPage(async ({ page }) => {
      const row = page.locator('#hukou-rows > fieldset').first();
      await row.locator('select[data-role="prefecture"]').selectOption('620500');
      const options = await row
        .locator('datalist option')
        .evaluateAll((els) => (els as unknown as { value: string }[]).map((el) => el.value));
      expect(options).toContain('天水市 秦州区（620502）');
      expect(options.every((o) => o.startsWith('天水市'))).toBe(true);
      await row.locator('[data-field="area"]').fill('麦积');
      expect(await row.locator('.area-name').textContent()).toBe('天水市 麦积区 · 620503');
      await row.locator('select[data-role="prefecture"]').selectOption('620600');
      expect(await row.locator('[data-field="area"]').inputValue()).toBe('');
    });
  });

  it('loads without console errors or failed requests', async () => {
    const opened = await openPage(rig.browser, `${server.url}/`, {
      readySelector: 'html[data-ready="true"]',
    });
    try {
      expect(opened.console).toEqual([]);
      expect(opened.failed).toEqual([]);
    } finally {
      await opened.context.close();
    }
  });

  it('fits a phone screen and switches to English', async () => {
    await withPage(
      async ({ page }) => {
        await typeToken(page);
        await page.click('[data-example="minle-resettled"]');
        await expect.poll(() => page.locator('#premium').textContent()).toContain('100.00');
        expect(await page.textContent('#premium')).toContain('建档立卡');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await shot(page, 'minle-phone.png');
        // Every table fits or scrolls in its own box, and no cell is narrower than what it holds.
        await page.click('[data-example="qinzhou-79"]');
        await expect.poll(() => page.textContent('#result-total')).toBe('¥105.00');
        await page.locator('[data-parameters-of="basic-pension"] summary').click();
        await page.click('#show-params');
        await expect.poll(() => page.locator('#all-params li').count()).toBeGreaterThan(10);
        expect(await tablesThatDoNotFit(page)).toEqual([]);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        await page.locator('#amounts').screenshot({ path: join(SCREENSHOTS, 'trace-phone.png') });
        await page.locator('#all-params').screenshot({ path: join(SCREENSHOTS, 'all-parameters-phone.png') });
        await page.click('[data-example="minle-resettled"]');
        await expect.poll(() => page.locator('#premium').textContent()).toContain('100.00');

        await page.click('#lang-toggle');
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        expect(await page.textContent('h1')).toContain('Basic Pension');
        expect(await page.locator('[data-reason="UNDER_60"]').first().textContent()).toContain(
          'Not yet of pension age',
        );
        await shot(page, 'minle-phone-english.png');
      },
      { width: 390, height: 844 },
    );
  });
});
