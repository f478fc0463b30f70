/**
 * The caseworker page in a real headless Chromium (Debian's chromium driven by playwright-core),
 * served by the real local server with its real handlers and an in-memory dynalite store.
 * Screenshots of the main states go to test-output/screenshots/ for a look by eye.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../functions/local/server.ts';
import { checkCharacter } from '../../rules/resident-id.ts';
import { type BrowserRig, type Opened, shot, startRig, walkWithKeyboard, withOpenPage } from './helpers.ts';

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
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
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
      // The chart draws one labelled step per segment.
      const chart = page.locator('#chart');
      expect(await chart.isVisible()).toBe(true);
      for (const segment of segments) {
        expect(await chart.locator('text', { hasText: segment.monthly }).count()).toBeGreaterThan(0);
      }
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

  it('renders the printed benefit sheet with the calculation id and the ruleset hash', async () => {
    await withPage(async ({ page }) => {
      await fillQinzhou79(page);
      await calculateAndWait(page);
      await expect.poll(() => page.textContent('#result-total')).toBe('¥105.00');
      const calculationId = (await page.textContent('#receipt-calculation')) ?? '';
      const rulesetHash = (await page.textContent('#receipt-hash')) ?? '';
      expect(rulesetHash).toMatch(/^sha256:[0-9a-f]{64}$/);

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#case-form').isVisible()).toBe(false);
      expect(await page.locator('#print').isVisible()).toBe(false);
      const title = page.locator('.sheet-title');
      expect(await title.isVisible()).toBe(true);
      expect(await title.textContent()).toBe('城乡居民基本养老保险待遇核定单');
      expect(await page.locator('.sheet-meta').textContent()).toContain(calculationId);
      expect(await page.locator('#receipt-hash').isVisible()).toBe(true);
      expect(await page.locator('.signatures').isVisible()).toBe(true);
      await page.setViewportSize({ width: 794, height: 1123 });
      await shot(page, 'benefit-sheet-print.png');
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
    });
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
