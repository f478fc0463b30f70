/**
 * The screening page (GET /screening) as staff use it, in a real headless Chromium against the real
 * local server: paste a caseworker key, choose the generated lists (one of them GBK), the month and
 * one file per township, run, watch it finish, read the weekly dispatch table, and find every planted
 * case in the results the run produced.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedScreening, generateScreening, SCREENING_FILES } from '../bench/generate-screening.ts';
import { expectPlantedInResultsCsv, TEST_KEY } from '../screening/planted.ts';
import {
  type BrowserRig,
  expectFitsPhone,
  PHONE,
  shot,
  startRig,
  walkWithKeyboard,
  withOpenPage,
} from './helpers.ts';

let rig: BrowserRig;
let generated: GeneratedScreening;
const dir = mkdtempSync(join(tmpdir(), 'screening-page-'));
const savedKey = process.env.PSEUDONYM_KEY;

beforeAll(async () => {
  process.env.PSEUDONYM_KEY = TEST_KEY.toString('base64');
  generated = generateScreening({ out: join(dir, 'lists'), n: 120, seed: 9 });
  rig = await startRig('screening-page-');
}, 60_000);

afterAll(async () => {
  await rig?.close();
  if (savedKey === undefined) delete process.env.PSEUDONYM_KEY;
  else process.env.PSEUDONYM_KEY = savedKey;
  rmSync(dir, { recursive: true, force: true });
});

/** A file for an <input type=file>, as bytes (Playwright knows no MIME type for .jsonl). */
const at = (name: string) => ({
  name,
  mimeType: 'text/plain',
  buffer: readFileSync(join(generated.dir, name)),
});

describe('the screening page', () => {
  it('screens the chosen lists and shows the dispatch table; every planted case is in the results', async () => {
    await withOpenPage(rig.browser, `${rig.server.url}/screening`, async ({ page, errors }) => {
      expect(await page.title()).toBe('应保尽保比对');
      await page.fill('#token', rig.server.keys.caseworker);
      await page.setInputFiles('#hukou', at(SCREENING_FILES.hukou));
      await page.setInputFiles(
        '#hardship',
        SCREENING_FILES.hardship.map((f) => at(f)),
      );
      await page.setInputFiles('#roll', at(SCREENING_FILES.roll));
      await page.setInputFiles(
        '#exclusions',
        SCREENING_FILES.exclusions.map((f) => at(f)),
      );
      await page.fill('#month', generated.month);
      await page.check('#by-township');
      await page.click('#run');
      await page.waitForFunction(
        () => /比对完成|失败|（\d+）/.test(document.getElementById('run-status').textContent ?? ''),
        undefined,
        { timeout: 60_000 },
      );
      const status = await page.textContent('#run-status');
      expect(status).toMatch(/比对完成：筛查 \d+ 人/);
      expect(status).toContain('按 GBK 读取：hardship-dibao-gbk.csv');
      expect(await page.textContent('#summary')).toContain('合计');
      expect(await page.textContent('#summary thead')).toContain('应参保未参保');
      // Every file is offered (the run button comes back once the last one is): the results, the
      // dispatch table, the bad rows and each township's file, 无户籍 too, with no refusal on the way.
      await page.waitForSelector('#run:not([disabled])');
      expect(await page.textContent('#run-status')).toMatch(/^比对完成/);
      expect(await page.textContent('#downloads')).toContain('无户籍.csv');
      expect(await page.textContent('#downloads')).toContain('周调度通报.csv');
      await shot(page, 'screening-page-done.png');
      // Each county by name beside its code.
      expect(await page.textContent('#summary tbody')).toContain('秦州区');

      // On a phone the page fits the screen; the wide table scrolls inside its own box.
      await page.setViewportSize(PHONE);
      await expectFitsPhone(page, '.table-wrap');
      await shot(page, 'screening-page-phone.png');

      const id = (await page.textContent('#screening-id')) ?? '';
      const csv = await (
        await fetch(`${rig.server.url}/v1/screenings/${id}/results`, {
          headers: { authorization: `Bearer ${rig.server.keys.caseworker}` },
        })
      ).text();
      expectPlantedInResultsCsv(csv, generated.planted);
      expect(errors).toEqual([]);
    });
  }, 120_000);

  it('works from the keyboard alone, with the focus always visible', async () => {
    await withOpenPage(rig.browser, `${rig.server.url}/screening`, async ({ page }) => {
      const { controls, missed, outlines } = await walkWithKeyboard(page, 3);
      // token, four file pickers, month, by township, previous screening, run, the two links
      expect(controls).toBe(11);
      expect(missed).toEqual([]);
      expect(outlines).toEqual(['solid']);
    });
  }, 60_000);

  it('says in Chinese what is wrong when the token is missing', async () => {
    await withOpenPage(rig.browser, `${rig.server.url}/screening`, async ({ page }) => {
      await page.setInputFiles('#hukou', at(SCREENING_FILES.hukou));
      await page.fill('#month', generated.month);
      await page.click('#run');
      await page.waitForFunction(() => (document.getElementById('run-status').textContent ?? '') !== '');
      expect(await page.textContent('#run-status')).toContain('令牌无效或未填写（401）');
    });
  }, 60_000);
});

declare const document: { getElementById(id: string): { textContent: string | null } };
