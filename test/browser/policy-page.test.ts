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
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalMinimumDraft } from '../../functions/policy-page/example-draft.ts';
import {
  type BrowserRig,
  expectFitsPhone,
  type Opened,
  overlappingLabels,
  PHONE,
  pdfPages,
  shot,
  startRig,
  walkWithKeyboard,
  withOpenPage,
} from './helpers.ts';

declare const document: { readonly activeElement: { readonly id: string } | null };

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
 * Born 1950: 62 at the Gansu launch (2012-07), so entitled from it without contributions. Checking
 * the draft fills the uniform test month with its first month, 2026-07, and the annual figure is the
 * whole of 2026 (January to December):
 * 1. +20.00 in July; in 2026 July to December are raised: +120.00 in the year; back pay +20.00 (July).
 * 2. died 2026-07-20: July (the month of death) is paid, nothing after: +20.00 in July and in the year.
 * 3. 36 years old: never entitled, unchanged.
 * 4. the same person as 1 (its own month, 2026-06, is not the one valued): +20.00, +120.00, +20.00.
 * 5. not JSON: reported by line number and skipped.
 * So: 4 cases, 1 error line, 3 changed, 3 gainers, 0 losers, 1 unchanged; monthly cost +60.00,
 * annual +260.00 (120 + 20 + 120), back pay +60.00.
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
 * month 2026-10: C1 gains 20.00 a month, for July to December in the year 2026 (+120.00); C2 is 36.
 */
const CASES_CSV = `\uFEFFref,birthDate,area,month\r\nGS-C1,1950-03-10,620102,2026-12\r\nGS-C2,1990-01-01,620102,2026-12\r\n`;

/** The page's example draft from 2026-07-01: the national minimum 183.00 (+20.00) from July 2026. */
const DRAFT = nationalMinimumDraft('2026-07-01');

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

/** The summary shows each of these figures as given (read by name from the page). */
async function expectFigures(page: Page, expected: Record<string, string>) {
  const names = Object.keys(expected);
  const shown = await Promise.all(names.map(async (n) => [n, await figure(page, n)] as const));
  expect(Object.fromEntries(shown)).toEqual(expected);
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
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/);
    // The caseworker page's look (its stylesheet's colours) and a link to it.
    expect(html).toMatch(/--accent: ?#0a4f9c/);
    expect(html).toMatch(/<a href="\.\/">[^<]*待遇核算/);
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
      // A cost question is asked of one month: the draft's first, filled in and said.
      expect(await page.inputValue('#month')).toBe('2026-07');
      expect(await page.textContent('#month-hint')).toContain('已按草案生效月份填入 2026-07');

      const statuses = await runToDone(page);
      expect(statuses.at(-1)).toBe('done');
      expect(await page.getAttribute('#progress', 'value')).toBe('100');
      expect(await page.textContent('#run-status')).toContain('完成');
      await expectFigures(page, {
        cases: '4',
        errors: '1',
        changed: '3',
        gainers: '3',
        losers: '0',
        unchanged: '1',
        monthlyCostDelta: '60.00',
        annualCostDelta: '260.00',
        arrearsDelta: '60.00',
      });
      expect(await page.textContent('#valued')).toBe('所有案例按 2026-07 测算；年度支出为 2026 年 1—12 月。');
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
    await withPage(async ({ page }) => {
      await pasteKey(page);
      expect((await upload(page, '兰州-抽样.csv', CASES_CSV)).status()).toBe(201);
      await expect.poll(() => page.textContent('#case-status')).toContain('共 2 行案例（CSV，不含表头）');
      expect((await checkDraft(page, DRAFT)).status()).toBe(201);
      await page.fill('#month', '2026-10');
      await runToDone(page);
      await expectFigures(page, {
        cases: '2',
        errors: '0',
        changed: '1',
        gainers: '1',
        monthlyCostDelta: '20.00',
        annualCostDelta: '120.00',
      });
      // The summary figures are on the phone's screen, not beside it.
      await expectFitsPhone(page, '#summary');
      await shot(page, 'policy-run-phone.png');
    }, PHONE);
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
      expect(await page.getAttribute('#draft-text', 'aria-describedby')).toBe('draft-hint draft-status');
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
      expect(controls).toBe(9); // key, case file, draft file, draft text, check, month, run, the two links
      expect(missed).toEqual([]);
      expect(outlines).toEqual(['solid']);

      await page.click('h1');
      for (let i = 0; i < 7; i++) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('run');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.isVisible('#summary'), { timeout: 15_000 }).toBe(true);
      expect(await figure(page, 'monthlyCostDelta')).toBe('60.00');
    });
  });

  it('downloads the report as CSV, JSON and HTML, opens it in its own window, and the API serves the same files', async () => {
    await withPage(async ({ page }) => {
      await pasteKey(page);
      await upload(page, 'gansu-2026.jsonl', CASES_JSONL);
      await checkDraft(page, DRAFT);
      await runToDone(page);
      expect(await page.isVisible('#downloads')).toBe(true);

      const download = async (kind: string) => {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`[data-download="${kind}"]`),
        ]);
        return { name: file.suggestedFilename(), text: readFileSync((await file.path()) as string, 'utf8') };
      };
      // The CSV as Excel or WPS reads it: a BOM, Chinese headers, names beside codes, 是/否, text months.
      const csv = await download('csv');
      expect(csv.name).toMatch(/^规则变更测算报告-[0-9a-f]{8}\.csv$/);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0] ?? {}).slice(0, 9)).toEqual([
        '行号',
        '编号',
        '案例键',
        '地区代码',
        '地区名称',
        '年龄段',
        '测算月份',
        '基准可领',
        '拟议可领',
      ]);
      expect(rows.map((r) => r.编号)).toEqual(['GS-2026-0001', 'GS-2026-0002', 'GS-2026-0004']);
      expect(rows[0]).toMatchObject({
        地区代码: '620102',
        地区名称: '城关区',
        测算月份: '2026年07月份',
        基准可领: '是',
        拟议可领: '是',
        '月额变化（元）': '20.00',
        '基础养老金变化（元）': '20.00',
      });
      for (const row of rows) expect(row.测算月份).not.toMatch(/^\d{4}-\d{2}$/);
      const json = JSON.parse((await download('json')).text) as { summary: { cases: number } };
      expect(json.summary.cases).toBe(4);
      expect((await download('html')).text).toContain('<h1>规则变更测算报告</h1>');

      // Opened in its own window, readable at 1280 px and on a phone: no label over another.
      const [report] = await Promise.all([page.waitForEvent('popup'), page.click('#open-report')]);
      await report.waitForLoadState();
      expect(await report.textContent('h1')).toBe('规则变更测算报告');
      expect(await report.textContent('#valued')).toContain('2026-07');
      await report.setViewportSize({ width: 1280, height: 900 });
      expect(await overlappingLabels(report, 'svg text')).toEqual([]);
      await shot(report, 'report-desktop.png');
      await report.setViewportSize(PHONE);
      expect(await overlappingLabels(report, 'svg text')).toEqual([]);
      await expectFitsPhone(report, '.summary');
      await shot(report, 'report-phone.png');
      // Prefectures, sorted by change, with their counties on demand.
      expect(await report.locator('details.prefecture summary').first().textContent()).toContain('兰州市');
      await report.locator('details.prefecture summary').first().click();
      expect(await report.locator('details.prefecture table').first().textContent()).toContain('城关区');
      // And it prints (to PDF here).
      expect(pdfPages(await report.pdf({ format: 'A4' }))).toBeGreaterThan(0);
      await report.close();
    });
  });

  it('serves the report files from the API to the policy role, and says why it cannot', async () => {
    const key = rig.server.keys.policy;
    const call = (path: string, method = 'GET', body?: unknown, token = key) =>
      fetch(`${rig.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const caseSet = (await (
      await call('/v1/case-sets', 'POST', { name: 'api.jsonl', format: 'jsonl', content: CASES_JSONL })
    ).json()) as { id: string };
    const draft = (await (await call('/v1/drafts', 'POST', { yaml: DRAFT })).json()) as { id: string };
    const started = (await (
      await call('/v1/simulations', 'POST', { draftId: draft.id, caseSetId: caseSet.id, month: '2026-07' })
    ).json()) as { id: string };
    await expect
      .poll(
        async () =>
          ((await (await call(`/v1/simulations/${started.id}`)).json()) as { status: string }).status,
        {
          timeout: 15_000,
        },
      )
      .toBe('done');
    const csv = await call(`/v1/simulations/${started.id}/report.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`规则变更测算报告-${started.id.slice(0, 8)}.csv`)}`,
    );
    const rows = parse(await csv.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    const json = await call(`/v1/simulations/${started.id}/report.json`);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(((await json.json()) as { meta: { month: string } }).meta.month).toBe('2026-07');
    const html = await call(`/v1/simulations/${started.id}/report.html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('各市（州）每月支出变化');
    expect((await call(`/v1/simulations/${started.id}/report.xlsx`)).status).toBe(400);
    expect((await call(`/v1/simulations/00000000-0000-4000-8000-000000000000/report.csv`)).status).toBe(404);
    expect(
      (await call(`/v1/simulations/${started.id}/report.csv`, 'GET', undefined, rig.server.keys.caseworker))
        .status,
    ).toBe(403);
  });

  it('says a draft problem in Chinese at the user’s own line, and takes “raise by N yuan from a date”', async () => {
    await withPage(async ({ page }) => {
      await pasteKey(page);
      await upload(page, 'gansu-2026.jsonl', CASES_JSONL);
      expect((await checkDraft(page, DRAFT.replace('"183.00"', '"183"'))).status()).toBe(422);
      // The value is on line 8 of what the user wrote (not the 10th value of the merged list).
      expect(await page.textContent('#draft-status')).toContain(
        '第 8 行（变更 1 · basic-pension.national-minimum · 取值 1 · 值）：金额须写成带两位小数的字符串',
      );
      await checkDraft(page, DRAFT.replace('"2026-07-01"', '"2026-07-32"'));
      expect(await page.textContent('#draft-status')).toContain(
        '第 7 行（变更 1 · basic-pension.national-minimum · 取值 1 · 起始日期）：日期须写成 YYYY-MM-DD',
      );
      await checkDraft(page, 'base: "2026.2"\nchanges: [\n');
      const syntax = (await page.textContent('#draft-status')) ?? '';
      expect(syntax).toContain('YAML 格式错误：第 3 行');
      expect(syntax).not.toMatch(/Flow|sequence|indented/);
      await shot(page, 'policy-draft-line-desktop.png');

      const RAISE = `base: "2026.2"
description: 全国基础养老金最低标准自2026年7月起提高20元
changes:
  - parameter: basic-pension.national-minimum
    area: national
    raise:
      from: "2026-07-01"
      by: "20.00"
      source:
        note: 测算草案
      provisional: true
      reason: 拟议调整，尚未发布
`;
      expect((await checkDraft(page, RAISE)).status()).toBe(201);
      expect(await page.textContent('#draft-status')).toContain('＋ 2026-07-01："183.00"');
      await page.fill('#month', '2026-10');
      await runToDone(page);
      // In October cases 1 and 4 gain 20.00; case 2 died in July and is paid nothing either way.
      expect(await figure(page, 'monthlyCostDelta')).toBe('40.00');
    });
  });
});
