/**
 * The policy page (GET /policy) used as policy staff use it, in a real headless Chromium against the
 * real local server (in-memory dynalite, case sets and reports under a temporary DATA_DIR): paste the
 * policy key, upload a case set, write a draft, check it, run, watch the progress reach done and read
 * the summary and the report. Screenshots go to test-output/screenshots/ for a look by eye.
 *
 * The expected figures are worked out by hand from the case sets below and the published parameters
 * (rules/rulesets/2026.2/parameters/basic-pension/national-minimum.yaml: 163.00 from 2026-01-01), not
 * from the engine: the draft raises the national minimum to 183.00 from 2026-07-01, so a Lanzhou
 * (620102) pensioner gains exactly 20.00 for every month paid from July 2026 (the provincial and
 * municipal top-ups are layers of their own and do not move).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, type Opened, shot, startRig, walkWithKeyboard, withOpenPage } from './helpers.ts';

declare const document: {
  readonly documentElement: { scrollWidth: number };
  readonly activeElement: { readonly id: string } | null;
};
declare const window: { readonly innerWidth: number };

let rig: BrowserRig;

beforeAll(async () => {
  rig = await startRig('policy-page-');
});

afterAll(async () => {
  await rig?.close();
});

function withPage(run: (opened: Opened) => Promise<void>, viewport?: { width: number; height: number }) {
  return withOpenPage(rig.browser, `${rig.server.url}/policy`, run, viewport ? { viewport } : {});
}

const lanzhou = (birthDate: string, month: string, extra: Record<string, unknown> = {}) => ({
  person: { birthDate, hukou: [{ area: '620102', from: birthDate }], ...extra },
  month,
});

/**
 * Born 1950: 62 at the Gansu launch (2012-07), so entitled from it without contributions.
 * 1. evaluated in 2026-08: +20.00 a month; July and August paid at the new rate: +40.00 in the year.
 * 2. died 2026-07-20: July (the month of death) is paid, nothing after, so in 2026-09 the monthly
 *    amount is 0.00 under both; July's +20.00 is the only change (a gainer by back pay).
 * 3. 36 years old: never entitled, unchanged.
 * 4. evaluated in 2026-06, before the raise: unchanged.
 * 5. not JSON: reported by line number and skipped.
 * So: 4 cases, 1 error line, 2 changed, 2 gainers, 0 losers, 2 unchanged; monthly cost +20.00
 * (case 1), annual +60.00 (40.00 + 20.00), back pay +60.00.
 */
const CASES_JSONL = [
  JSON.stringify({ ref: 'GS-2026-0001', ...lanzhou('1950-03-10', '2026-08') }),
  JSON.stringify({ ref: 'GS-2026-0002', ...lanzhou('1940-05-15', '2026-09', { deathDate: '2026-07-20' }) }),
  JSON.stringify({ ref: 'GS-2026-0003', ...lanzhou('1990-01-01', '2026-08') }),
  JSON.stringify({ ref: 'GS-2026-0004', ...lanzhou('1950-03-10', '2026-06') }),
  '{"ref": "GS-2026-0005", "person": ',
].join('\n');

/**
 * The same kind of people in the CSV columns, UTF-8 with a BOM (as Excel saves it), run at the fixed
 * month 2026-10: C1 gains 20.00 a month, for July to October (4 months, +80.00 in the year); C2 is 36.
 */
const CASES_CSV = `\uFEFFref,birthDate,area,month\r\nGS-C1,1950-03-10,620102,2026-12\r\nGS-C2,1990-01-01,620102,2026-12\r\n`;

const DRAFT = `base: "2026.2"
description: 全国基础养老金最低标准自2026年7月起提高20元（测算）
changes:
  - parameter: basic-pension.national-minimum
    area: national
    values:
      - from: "2026-07-01"
        value: "183.00"
        source:
          note: 测算草案
        provisional: true
        reason: 拟议调整，尚未发布
`;

async function pasteKey(page: Page, key = rig.server.keys.policy) {
  await page.fill('#token', key);
}

/** Waits until the page has shown the answer in `status` (not the "working" note it shows first). */
async function settled(page: Page, status: string, working: string) {
  await expect.poll(async () => ((await page.textContent(status)) ?? '').startsWith(working)).toBe(false);
}

async function upload(page: Page, name: string, content: string) {
  const uploaded = page.waitForResponse((r) => r.url().endsWith('/v1/case-sets'));
  await page.setInputFiles('#case-file', {
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from(content, 'utf8'),
  });
  const response = await uploaded;
  await settled(page, '#case-status', '正在上传');
  return response;
}

async function checkDraft(page: Page, text: string) {
  await page.fill('#draft-text', text);
  const answered = page.waitForResponse((r) => r.url().endsWith('/v1/drafts'));
  await page.click('#check-draft');
  const response = await answered;
  await settled(page, '#draft-status', '正在检查');
  return response;
}

/** Runs and follows the page's polling; the statuses it saw, in order. */
async function runToDone(page: Page): Promise<string[]> {
  const polls: Promise<string>[] = [];
  page.on('response', (r) => {
    if (/\/v1\/simulations\/[0-9a-f-]+$/.test(r.url())) {
      polls.push(r.json().then((body: { status?: string }) => body.status ?? '?'));
    }
  });
  await page.click('#run');
  await expect.poll(() => page.isVisible('#summary'), { timeout: 15_000 }).toBe(true);
  return Promise.all(polls);
}

const figure = (page: Page, name: string) => page.textContent(`[data-figure="${name}"]`);

async function figures(page: Page, names: readonly string[]) {
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await figure(page, n)] as const)));
}

describe('policy page', () => {
  it('is served at /policy in Chinese, for phones too, with a policy that allows only its own script', async () => {
    const response = await fetch(`${rig.server.url}/policy`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('name="viewport"');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('uploads a JSON Lines case set, checks a +20.00 draft, runs it to done and shows the figures and the report', async () => {
    await withPage(async ({ page }) => {
      await pasteKey(page);
      expect((await upload(page, 'gansu-2026.jsonl', CASES_JSONL)).status()).toBe(201);
      await expect.poll(() => page.textContent('#case-status')).toContain('共 5 行案例');
      expect(await page.isDisabled('#run')).toBe(true);

      expect((await checkDraft(page, DRAFT)).status()).toBe(201);
      const diff = (await page.textContent('#draft-status')) ?? '';
      expect(diff).toContain('草案有效');
      expect(diff).toContain('basic-pension.national-minimum');
      expect(diff).toContain('＋ 2026-07-01："183.00"');
      expect(await page.isEnabled('#run')).toBe(true);

      const statuses = await runToDone(page);
      expect(statuses.at(-1)).toBe('done');
      expect(await page.getAttribute('#progress', 'value')).toBe('100');
      expect(await page.textContent('#run-status')).toContain('完成');
      expect(
        await figures(page, [
          'cases',
          'errors',
          'changed',
          'gainers',
          'losers',
          'unchanged',
          'monthlyCostDelta',
          'annualCostDelta',
          'arrearsDelta',
        ]),
      ).toEqual({
        cases: '4',
        errors: '1',
        changed: '2',
        gainers: '2',
        losers: '0',
        unchanged: '2',
        monthlyCostDelta: '20.00',
        annualCostDelta: '60.00',
        arrearsDelta: '60.00',
      });
      // The full report, in Chinese, in its sandboxed frame.
      const report = page.frameLocator('#report');
      expect(await report.locator('h1').textContent()).toContain('规则变更测算报告');
      const text = (await report.locator('body').textContent()) ?? '';
      expect(text).toContain('GS-2026-0001');
      // The case set is named as it was uploaded, not by its storage key.
      expect(text).toContain('案例集 gansu-2026.jsonl');
      await shot(page, 'policy-run-desktop.png');
    });
  });

  it('takes a CSV case set saved with a BOM and a fixed month, on a phone screen', async () => {
    await withPage(
      async ({ page }) => {
        await pasteKey(page);
        expect((await upload(page, '兰州-抽样.csv', CASES_CSV)).status()).toBe(201);
        await expect.poll(() => page.textContent('#case-status')).toContain('共 2 行案例（CSV，不含表头）');
        expect((await checkDraft(page, DRAFT)).status()).toBe(201);
        await page.fill('#month', '2026-10');
        await runToDone(page);
        expect(
          await figures(page, [
            'cases',
            'errors',
            'changed',
            'gainers',
            'monthlyCostDelta',
            'annualCostDelta',
          ]),
        ).toEqual({
          cases: '2',
          errors: '0',
          changed: '1',
          gainers: '1',
          monthlyCostDelta: '20.00',
          annualCostDelta: '80.00',
        });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await shot(page, 'policy-run-phone.png');
      },
      { width: 390, height: 844 },
    );
  });

  it('shows a bad draft’s problems next to the draft, in Chinese, and does not let it run', async () => {
    await withPage(async ({ page }) => {
      await pasteKey(page);
      await upload(page, 'gansu-2026.jsonl', CASES_JSONL);
      expect((await checkDraft(page, DRAFT.replace('"183.00"', '"183"'))).status()).toBe(422);
      const status = (await page.textContent('#draft-status')) ?? '';
      expect(status).toContain('草案未通过检查');
      expect(status).toContain('basic-pension.national-minimum');
      expect(status).toContain('金额须写成带两位小数的字符串，例如 "105.00"');
      expect(await page.getAttribute('#draft-text', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#draft-text', 'aria-describedby')).toBe('draft-status');
      expect(await page.getAttribute('#draft-status', 'class')).toBe('error');
      expect(await page.isDisabled('#run')).toBe(true);
      await shot(page, 'policy-bad-draft-desktop.png');

      await checkDraft(page, 'base: "2026.2"\nchanges: [\n');
      expect(await page.textContent('#draft-status')).toContain('YAML 格式错误');

      // Fixed, it checks; edited again afterwards, it must be checked again before running.
      await checkDraft(page, DRAFT);
      expect(await page.isEnabled('#run')).toBe(true);
      expect(await page.getAttribute('#draft-text', 'aria-invalid')).toBeNull();
      await page.locator('#draft-text').press('End');
      await page.keyboard.type('\n');
      expect(await page.isDisabled('#run')).toBe(true);
      expect(await page.textContent('#draft-status')).toContain('请重新检查');
    });
  });

  it('refuses a caseworker key with a Chinese 403 at the key field', async () => {
    await withPage(async ({ page }) => {
      await pasteKey(page, rig.server.keys.caseworker);
      expect((await upload(page, 'gansu-2026.jsonl', CASES_JSONL)).status()).toBe(403);
      const atKey = (await page.textContent('#token-status')) ?? '';
      expect(atKey).toContain('403');
      expect(atKey).toContain('无权使用规则变更测算');
      expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#case-status')).toContain('需要政策处（policy）令牌');
      // The file is not what is wrong: only the key is marked.
      expect(await page.getAttribute('#case-file', 'aria-invalid')).toBeNull();
      expect((await checkDraft(page, DRAFT)).status()).toBe(403);
      expect(await page.textContent('#draft-status')).toContain('无权使用规则变更测算（403）');
      expect(await page.isDisabled('#run')).toBe(true);
      await shot(page, 'policy-forbidden-desktop.png');
      // The right key clears the complaint.
      await pasteKey(page);
      expect(await page.textContent('#token-status')).toBe('');
      expect(await page.getAttribute('#token', 'aria-invalid')).toBeNull();
    });
  });

  it('works from the keyboard alone: every control is reached and a run goes through', async () => {
    await withPage(async ({ page }) => {
      await page.keyboard.press('Tab');
      await page.keyboard.type(rig.server.keys.policy);
      expect(await page.inputValue('#token')).toBe(rig.server.keys.policy);
      // The file chooser opens from the keyboard (Space on the focused file input). The wait for
      // it starts first, since Playwright turns on its file-chooser interception asynchronously, and
      // focus is confirmed before the Space: on a loaded machine either could otherwise lose a race.
      const chooserOpened = page.waitForEvent('filechooser');
      await page.keyboard.press('Tab');
      await page.waitForFunction(() => document.activeElement?.id === 'case-file');
      await page.keyboard.press('Space');
      const chooser = await chooserOpened;
      const uploaded = page.waitForResponse((r) => r.url().endsWith('/v1/case-sets'));
      await chooser.setFiles({
        name: 'cases.jsonl',
        mimeType: 'text/plain',
        buffer: Buffer.from(CASES_JSONL),
      });
      expect((await uploaded).status()).toBe(201);
      await settled(page, '#case-status', '正在上传');
      await page.keyboard.press('Tab'); // the draft file
      await page.keyboard.press('Tab'); // the draft text
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(DRAFT);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('check-draft');
      const checked = page.waitForResponse((r) => r.url().endsWith('/v1/drafts'));
      await page.keyboard.press('Enter');
      expect((await checked).status()).toBe(201);
      await expect.poll(() => page.isEnabled('#run')).toBe(true);

      // With the run button enabled, walk the page from the top: a click on the heading (not a
      // control) moves the point Tab starts from.
      await page.click('h1');
      const { controls, missed, outlines } = await walkWithKeyboard(page, 3);
      expect(controls).toBe(7); // key, case file, draft file, draft text, check, month, run
      expect(missed).toEqual([]);
      expect(outlines).toEqual(['solid']);

      await page.click('h1');
      for (let i = 0; i < 7; i++) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('run');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.isVisible('#summary'), { timeout: 15_000 }).toBe(true);
      expect(await figure(page, 'monthlyCostDelta')).toBe('20.00');
    });
  });
});
