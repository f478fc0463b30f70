/** The monthly entitlement over time: a step line from the arrears segments, drawn as SVG. */
import type { Arrears } from './data.ts';
import { $, h, s } from './dom.ts';
import { t } from './text.ts';

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

export function chart(ar: Arrears): HTMLElement {
  // Drawn at the width it is shown (a phone gets a narrower drawing, so its labels stay legible).
  const W = Math.round(Math.min(720, Math.max(320, $('results-body').clientWidth || 640)));
  const H = 220;
  const pad = { l: 48, r: 16, t: 22, b: 28 };
  const segments = ar.segments;
  const start = monthIndex((segments[0] as Arrears['segments'][number]).from);
  const end = monthIndex((segments[segments.length - 1] as Arrears['segments'][number]).to) + 1;
  // Amounts are only plotted here (pixels), never added up: the figures come from the API.
  const values = segments.map((g) => Number(g.monthly));
  const top = Math.ceil((Math.max(10, ...values) * 1.15) / 20) * 20;
  const x = (i: number) => pad.l + ((i - start) / Math.max(1, end - start)) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / top) * (H - pad.t - pad.b);
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
  // Year labels at most every ~56 px, so that they never overlap on a phone.
  const fits = Math.max(2, Math.floor((W - pad.l - pad.r) / 56));
  const step = Math.max(1, Math.ceil((lastYear - firstYear + 1) / fits));
  let yearLabelEnd = Number.NEGATIVE_INFINITY;
  for (let year = firstYear; year <= lastYear + 1; year += step) {
    const i = Math.max(start, year * 12);
    if (i > end) break;
    // The first label starts at the axis, clear of the "0" of the amounts; a year too close to the
    // one before (a ledger starting in July) is left out rather than drawn over it.
    const anchor = i === start ? 'start' : 'middle';
    const left = anchor === 'start' ? x(i) : x(i) - 16;
    if (left < yearLabelEnd + 6) continue;
    yearLabelEnd = left + 32;
    svg.append(s('line', { class: 'axis', x1: x(i), x2: x(i), y1: H - pad.b, y2: H - pad.b + 4 }));
    svg.append(s('text', { x: x(i), y: H - pad.b + 18, 'text-anchor': anchor }, year));
  }
  svg.append(s('line', { class: 'axis', x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b }));
  let line = '';
  let area = `M${x(start)},${y(0)}`;
  let lastLabelEnd = -Infinity;
  segments.forEach((g, k) => {
    const x0 = x(monthIndex(g.from));
    const x1 = x(monthIndex(g.to) + 1);
    const yy = y(values[k] as number);
    line += `${k === 0 ? 'M' : 'L'}${x0},${yy}L${x1},${yy}`;
    area += `L${x0},${yy}L${x1},${yy}`;
    // A step's amount above it, unless it would run into the previous label (the table has them all).
    const mid = (x0 + x1) / 2;
    const half = g.monthly.length * 3.6;
    if (mid - half > lastLabelEnd + 4) {
      svg.append(s('text', { x: mid, y: yy - 6, 'text-anchor': 'middle' }, g.monthly));
      lastLabelEnd = mid + half;
    }
  });
  area += `L${x(end)},${y(0)}Z`;
  svg.insertBefore(s('path', { class: 'area', d: area }), svg.querySelector('line'));
  svg.append(s('path', { class: 'line', d: line }));
  return h('figure', { class: 'chart' }, h('figcaption', { text: t('chartH') }), svg);
}
