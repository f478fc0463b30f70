/**
 * The page handler without a browser: one self-contained document whose CSP admits exactly its own
 * inline style and script, an area list from the ruleset, and example residents the engine accepts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../functions/caseworker-page/examples.ts';
import { buildPage, handler, pageAreas } from '../../functions/caseworker-page/handler.ts';
import { calculate } from '../../functions/shared/calculate.ts';
import { getRegistry } from '../../functions/shared/registry.ts';

const seed = { calculationId: 'test', calculatedAt: '2026-01-01T00:00:00.000Z' };
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function inline(html: string, open: RegExp): string[] {
  return [...html.matchAll(new RegExp(`${open.source}([\\s\\S]*?)</(?:script|style)>`, 'g'))].map(
    (m) => m[1] as string,
  );
}

function pageData(html: string): { areas: { code: string; parent: string }[]; examples: unknown[] } {
  const [json] = inline(html, /<script type="application\/json" id="page-data">/);
  return JSON.parse(json as string);
}

describe('GET / (caseworker page)', () => {
  it('answers one HTML document with security headers', async () => {
    const response = await handler();
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers?.['x-content-type-options']).toBe('nosniff');
    expect(response.body).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
  });

  it('lets run only the inline script and style it carries', () => {
    const { html, csp } = buildPage();
    const [script] = inline(html, /<script type="module">/);
    const [style] = inline(html, /<style>/);
    expect(script?.length).toBeGreaterThan(1000);
    expect(style?.length).toBeGreaterThan(1000);
    expect(csp).toContain(`script-src ${sha256(script as string)}`);
    expect(csp).toContain(`style-src ${sha256(style as string)}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
  });

  it('embeds the covered areas with their prefecture, safely inside a script element', () => {
    const ruleset = getRegistry().latest;
    const { html } = buildPage(ruleset);
    const data = pageData(html);
    expect(data.areas.map((a) => a.code)).toEqual(ruleset.coveredAreas().map((a) => a.code));
    const qinzhou = data.areas.find((a) => a.code === '620502');
    expect(qinzhou?.parent).toBe('620500');
    expect(data.areas.find((a) => a.code === '620000')?.parent).toBe('620000');
    // Only the closing tags of the page's own two script elements, none from the data.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
  });

  it('gives a county its prefecture and a prefecture-level city the province', () => {
    const areas = pageAreas(getRegistry().latest);
    const byCode = new Map(areas.map((a) => [a.code, a]));
    expect(byCode.get('620602')?.parent).toBe('620600');
    expect(byCode.get('620200')?.parent).toBe('620000');
    for (const a of areas) expect(byCode.has(a.parent)).toBe(true);
  });
});

describe('example residents', () => {
  it.each(EXAMPLES.map((e) => [e.id, e] as const))('%s is a valid case in a covered area', (_id, example) => {
    const registry = getRegistry();
    const covered = new Set(pageAreas(registry.latest).map((a) => a.code));
    for (const period of example.case.person.hukou) expect(covered.has(period.area), period.area).toBe(true);
    for (const kind of ['eligibility', 'entitlement', 'arrears'] as const) {
      // Answered, not refused, under the latest ruleset, with the receipt the page shows.
      const result = calculate(kind, example.case, registry, seed);
      expect(result.receipt).toMatchObject({
        ...seed,
        ruleset: registry.latest.id,
        rulesetHash: registry.latest.hash,
      });
    }
    // Every example is one the page can show a benefit sheet for: eligible in its month or not, with why.
    const entitlement = calculate('entitlement', example.case, registry, seed);
    expect(typeof entitlement.eligible).toBe('boolean');
    if (!entitlement.eligible) expect(entitlement.reasons.length).toBeGreaterThan(0);
  });

  it('the Qinzhou 79-year-old gets the 105 yuan the seed article states for spring 2020', () => {
    const qinzhou = EXAMPLES.find((e) => e.id === 'qinzhou-79');
    const result = calculate('entitlement', qinzhou?.case, getRegistry(), seed);
    expect(result.total).toBe('105.00');
  });

  it('the Liangzhou ex-mine worker is owed back pay from the 2011 local launch', () => {
    const liangzhou = EXAMPLES.find((e) => e.id === 'liangzhou-mine');
    const result = calculate('arrears', liangzhou?.case, getRegistry(), seed);
    expect(result.from).toBe('2011-07');
    expect(Number(result.total)).toBeGreaterThan(0);
  });

  it('the Minle resettled migrant has the 100-yuan government-paid premium of 2020', () => {
    const minle = EXAMPLES.find((e) => e.id === 'minle-resettled');
    const result = calculate('eligibility', minle?.case, getRegistry(), seed);
    expect(result.governmentPaidPremium).toMatchObject({
      year: 2020,
      amount: '100.00',
      category: 'registered-poor',
    });
  });
});
