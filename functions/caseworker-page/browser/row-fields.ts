/**
 * The fields of the form's repeatable rows, declared once: for each list its fields in order, each
 * built the same way (label, control, the lines under it, the ids that tie them together). A
 * field's label is the data-i18n key `<prefix>.<field>`: Chinese in text.ts ZH_ROWS, English in EN.
 */
import { type Attrs, h } from './dom.ts';
import { staticText } from './text.ts';

export type ListName = 'hukou' | 'statuses' | 'contributions' | 'payments';

interface RowField {
  /** data-field: the property of the row the control holds. */
  readonly field: string;
  /** An <input> with these attributes; without it, a <select> with `options`. */
  readonly input?: Attrs;
  /**
   * The select's options (value, data-i18n key of its text); none for a select the script fills
   * (the prefectures in areas.ts, the statuses in form.ts).
   */
  readonly options?: readonly (readonly [value: string, i18n: string])[];
  /** `wide` spans two grid columns; `check` puts a checkbox before its label. */
  readonly layout?: 'wide' | 'check';
  /** Only narrows another field (data-role, not data-field): never sent, so the API never faults it. */
  readonly helper?: true;
  /** The area picker's own list of names and the line naming the area found (areas.ts). */
  readonly picker?: true;
}

const DATE: Attrs = { type: 'date' };
const AMOUNT: Attrs = { type: 'text', inputmode: 'decimal', autocomplete: 'off' };

/** Each list's fields, and the prefix of their labels' data-i18n keys. */
const ROWS: Record<ListName, { readonly prefix: string; readonly fields: readonly RowField[] }> = {
  hukou: {
    prefix: 'hukou',
    fields: [
      { field: 'prefecture', helper: true },
      {
        field: 'area',
        input: { type: 'text', autocomplete: 'off', spellcheck: 'false' },
        layout: 'wide',
        picker: true,
      },
      { field: 'from', input: DATE },
      { field: 'to', input: DATE },
      { field: 'restoredOn', input: DATE },
    ],
  },
  statuses: {
    prefix: 'status',
    fields: [
      { field: 'kind', layout: 'wide' },
      { field: 'from', input: DATE },
      { field: 'to', input: DATE },
      {
        field: 'class',
        options: [
          ['', 'status.classNone'],
          ['1', 'status.class1'],
          ['2', 'status.class2'],
          ['3', 'status.class3'],
          ['4', 'status.class4'],
        ],
      },
    ],
  },
  contributions: {
    prefix: 'contrib',
    fields: [
      { field: 'year', input: { type: 'text', inputmode: 'numeric', maxlength: '4', autocomplete: 'off' } },
      { field: 'personal', input: AMOUNT },
      { field: 'governmentPaid', input: AMOUNT },
      { field: 'subsidy', input: AMOUNT },
      { field: 'makeUp', input: { type: 'checkbox' }, layout: 'check' },
    ],
  },
  payments: {
    prefix: 'payments',
    fields: [
      { field: 'from', input: { type: 'month', placeholder: '2020-05' } },
      { field: 'to', input: { type: 'month', placeholder: '2020-12' } },
      { field: 'monthly', input: AMOUNT },
    ],
  },
};

let uid = 0;

/** One field: its control has a fresh id its label names, and is described by the lines under it. */
function buildField(prefix: string, spec: RowField): HTMLElement {
  const id = `f${++uid}`;
  const key = `${prefix}.${spec.field}`;
  const label = h('label', { for: id, 'data-i18n': key, text: staticText(key) });
  const control = spec.input
    ? h('input', { ...spec.input, id })
    : h(
        'select',
        { id },
        (spec.options ?? []).map(([value, text]) =>
          h('option', { value, 'data-i18n': text, text: staticText(text) }),
        ),
      );
  control.setAttribute(spec.helper ? 'data-role' : 'data-field', spec.field);
  const below: HTMLElement[] = [];
  const described: string[] = [];
  if (spec.picker) {
    control.setAttribute('list', `${id}-list`);
    below.push(
      h('datalist', { id: `${id}-list` }),
      h('p', { class: 'area-name hint', 'aria-live': 'polite', id: `${id}-area` }),
    );
    described.push(`${id}-area`);
  }
  if (!spec.helper) {
    below.push(h('p', { class: 'field-error', 'aria-live': 'polite', id: `${id}-err` }));
    described.push(`${id}-err`);
  }
  control.setAttribute('aria-describedby', described.join(' '));
  return h(
    'div',
    { class: spec.layout ? `field ${spec.layout}` : 'field' },
    spec.layout === 'check' ? [control, label] : [label, control],
    below,
  );
}

/** The fields of a new row of `list`, in order. */
export const rowFields = (list: ListName): HTMLElement[] =>
  ROWS[list].fields.map((spec) => buildField(ROWS[list].prefix, spec));
