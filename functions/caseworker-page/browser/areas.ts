/**
 * The area picker: 市（州） first, then 县（区） by name (typing part of a name finds it), the code
 * shown after the name. The areas are the latest ruleset's covered list (page data).
 */
import { DATA, type PageArea } from './data.ts';
import { h } from './dom.ts';
import { lang, t } from './text.ts';

const AREAS = new Map(DATA.areas.map((a) => [a.code, a]));
const PROVINCE = (code: string) => `${code.slice(0, 2)}0000`;

/** The 14 市州 (the areas whose parent is the province), by code. */
const PREFECTURES: readonly PageArea[] = DATA.areas.filter(
  (a) => a.code !== PROVINCE(a.code) && a.parent === PROVINCE(a.code),
);

const nameOf = (a: PageArea) => (lang() === 'zh' ? a.name : a.nameEn);

/** "天水市 秦州区": a county with its prefecture, a prefecture alone. */
function areaLabel(code: string): string {
  const a = AREAS.get(code);
  if (!a) return code;
  const parent = a.parent !== a.code ? AREAS.get(a.parent) : undefined;
  const parentName = parent && parent.code !== PROVINCE(code) ? nameOf(parent) : '';
  return parentName ? `${parentName} ${nameOf(a)}` : nameOf(a);
}

/** The text an area input shows for a code: the name first, the code after it. */
const areaOption = (code: string) => `${areaLabel(code)}（${code}）`;

/** An area's name for reading (全国 for the national parameters). */
export function areaText(code: string): string {
  if (code === 'national') return lang() === 'zh' ? '全国' : 'National';
  return AREAS.has(code) ? areaLabel(code) : code;
}

/** The areas of a prefecture (itself first: a city without counties is picked as itself). */
function areasUnder(prefecture: string): PageArea[] {
  if (!prefecture) return [...DATA.areas].filter((a) => a.code !== PROVINCE(a.code));
  return DATA.areas.filter((a) => a.code === prefecture || a.parent === prefecture);
}

/**
 * The code an area input names: "天水市 秦州区（620502）", a typed code ("620502 …"), or a name or
 * part of one that only one area (of the chosen prefecture) has. Else the text as typed, which the
 * API then refuses at this field.
 */
function areaCode(text: string, prefecture = ''): string {
  const trimmed = text.trim();
  const coded = /[（(](\d{6})[）)]$/.exec(trimmed) ?? /^(\d{6})\b/.exec(trimmed);
  if (coded) return coded[1] as string;
  if (!trimmed) return '';
  const query = trimmed.toLowerCase();
  const candidates = areasUnder(prefecture);
  const exact = candidates.filter(
    (a) => a.name === trimmed || areaLabel(a.code) === trimmed || a.nameEn.toLowerCase() === query,
  );
  if (exact.length === 1) return (exact[0] as PageArea).code;
  const partial = candidates.filter(
    (a) => a.name.includes(trimmed) || a.nameEn.toLowerCase().includes(query),
  );
  return partial.length === 1 ? (partial[0] as PageArea).code : trimmed;
}

/** Fills a row's prefecture select and its own list of areas (re-run when the language changes). */
export function setUpAreaPicker(row: HTMLElement): void {
  const select = row.querySelector<HTMLSelectElement>('select[data-role="prefecture"]');
  const input = row.querySelector<HTMLInputElement>('input[data-field="area"]');
  const list = row.querySelector<HTMLDataListElement>('datalist');
  if (!select || !input || !list) return;
  const chosen = select.value;
  select.replaceChildren(
    h('option', { value: '', text: t('allPrefectures') }),
    ...PREFECTURES.map((p) => h('option', { value: p.code, text: `${nameOf(p)}（${p.code}）` })),
  );
  select.value = chosen;
  fillList(select, list);
  if (!select.dataset.wired) {
    select.dataset.wired = 'true';
    select.addEventListener('change', () => {
      fillList(select, list);
      const code = areaCode(input.value);
      // A county of another prefecture no longer fits: start the name again.
      if (select.value && AREAS.get(code)?.parent !== select.value && code !== select.value) input.value = '';
      showAreaName(input);
    });
    input.addEventListener('input', () => showAreaName(input));
  }
  if (input.value) showAreaName(input);
}

function fillList(select: HTMLSelectElement, list: HTMLDataListElement): void {
  list.replaceChildren(...areasUnder(select.value).map((a) => h('option', { value: areaOption(a.code) })));
}

/** The prefecture select of the row an input is in. */
const prefectureOf = (input: HTMLElement) =>
  input.closest('fieldset.row')?.querySelector<HTMLSelectElement>('select[data-role="prefecture"]')?.value ??
  '';

/** Below the input: the area found, or that none is. */
export function showAreaName(input: HTMLInputElement): void {
  const out = input.closest('.field')?.querySelector('.area-name');
  if (!out) return;
  const code = areaCode(input.value, prefectureOf(input));
  if (!input.value.trim()) out.textContent = '';
  else if (AREAS.has(code)) out.textContent = `${areaLabel(code)} · ${code}`;
  else out.textContent = t('areaUnknown');
}

/** The code of a row's area input, its prefecture taken into account. */
export const rowAreaCode = (input: HTMLInputElement) => areaCode(input.value, prefectureOf(input));

/** Sets a row's pickers to a code (an example or a restored form). */
export function setArea(row: HTMLElement, code: string): void {
  const select = row.querySelector<HTMLSelectElement>('select[data-role="prefecture"]');
  const input = row.querySelector<HTMLInputElement>('input[data-field="area"]');
  if (!input) return;
  const area = AREAS.get(code);
  if (select && area) {
    select.value = area.parent === PROVINCE(code) ? code : area.parent;
    select.dispatchEvent(new Event('change'));
  }
  input.value = area ? areaOption(code) : code;
  showAreaName(input);
}
