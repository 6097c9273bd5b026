/*
 * The parts of a question editor that depend on its type: type settings, the
 * indicator picker (catalogue tree as optgroups) and the skip-logic condition.
 */
import { T, button, checkbox, field, fieldId, h, input, locale, localized, select } from './builder-dom.js';

/** What each question type's module tells the builder (server/services/questions/types/): settings controls as data, roles, conditions. */
const SPECS = JSON.parse(document.getElementById('builder-types')?.textContent || '[]');
const spec = (type) => SPECS.find((x) => x.type === type) ?? { fields: [], defaults: {}, roles: [], scored: false };
export const TYPES = SPECS.map((x) => x.type);
/** The types a template of `channel` may use. */
export const typesFor = (channel) => SPECS.filter((x) => !x.channels || x.channels.includes(channel)).map((x) => x.type);
const canCondition = (type) => Boolean(spec(type).condition);
const isNumeric = (type) => spec(type).condition?.numeric === true;
const isUnordered = (type) => spec(type).condition?.ordered === false;

export const emptyText = () => ({ 'zh-CN': '', en: '' });

/** The type-specific fields a new question of `type` starts with. */
export function defaultsFor(type) {
  return JSON.parse(JSON.stringify(spec(type).defaults));
}

/** The question as `type`: what every type shares is kept, the rest starts afresh. */
export function changeType(q, type) {
  const { id, prompt, help, required, showIf } = q;
  return { id, type, prompt, ...(help ? { help } : {}), required, ...defaultsFor(type), ...(showIf ? { showIf } : {}) };
}

function scaleLabelInputs(q, p) {
  if (q.scaleLabels && q.scaleLabels.length !== 2) return [h('p', { class: 'hint wide' }, T('builder.perPointLabels'))];
  const inputs = [];
  [T('builder.lowLabel'), T('builder.highLabel')].forEach((label, i) => {
    for (const [lang, name] of [
      ['zh-CN', 'inZh'],
      ['en', 'inEn'],
    ]) {
      const path = `${p}.scaleLabels.${i}.${lang}`;
      inputs.push(field(T(`builder.${name}`, { label }), input(path, q.scaleLabels?.[i]?.[lang], 'scaleLabel', { lang })));
    }
  });
  // Its own grid, so each language stays in its column whatever sits before it.
  return [h('div', { class: 'fields wide', 'data-anchor': `${p}.scaleLabels` }, inputs)];
}

/** One control of a list item, by the kind its type's module names. */
const ITEM_FIELDS = {
  text: (f, path, value) => field(T(f.label), input(path, value, 'text', { size: f.size })),
  localized: (f, path, value) => localized(path, value, T(f.label)),
  number: (f, path, value) => field(T(f.label), input(path, value, 'num', { type: 'number', min: f.min, max: f.max, step: 'any' })),
  indicator: (f, path, value, catalogue) => field(T('builder.indicator'), indicatorSelect(path, value, catalogue), true),
};

/** The end of the id of an item control that takes the focus: a localized text's Chinese input, else the control itself. */
const focusSuffix = (x) => (x.kind === 'localized' ? `${x.key}-zh-CN` : x.key);

/** A list of items (options, grid rows): each item's controls and its delete button, then an add button. */
function listEditor(f, q, p, s, qi, catalogue) {
  const lp = `${p}.${f.key}`;
  const listData = { s, q: qi, list: f.key };
  const rows = (q[f.key] ?? []).map((item, i) => {
    const ip = `${lp}.${i}`;
    const id = item[f.idKey];
    return h(
      'div',
      { class: 'option-row', 'data-anchor': ip },
      f.item.map((x) => ITEM_FIELDS[x.kind]?.(x, `${ip}.${x.key}`, item[x.key], catalogue)),
      button(T(f.labels.remove), 'del-item', { ...listData, o: i, focus: focusSuffix(f.item[0]) }, { 'aria-label': T(f.labels.removeN, { id, value: id }) }),
    );
  });
  const focus = focusSuffix(f.item.find((x) => x.kind === 'localized') ?? f.item[0]);
  return h(
    'div',
    { class: 'options wide', 'data-anchor': lp },
    h('h4', {}, T(f.labels.heading)),
    f.labels.hint ? h('p', { class: 'hint' }, T(f.labels.hint)) : null,
    rows,
    button(T(f.labels.add), 'add-item', { ...listData, 'id-key': f.idKey, prefix: f.idPrefix, 'new-item': JSON.stringify(f.newItem), focus }),
  );
}

/** The settings controls by kind; which ones a question shows, with what keys and labels, its type's module says. */
const FIELDS = {
  scale: (f, q, p) => [field(T('builder.scale'), input(`${p}.scale`, q.scale, 'int', { type: 'number', min: 2, max: 11 })), ...scaleLabelInputs(q, p)],
  // A flag on by default is stored only when switched off.
  flag: (f, q, p) =>
    f.defaultOn ? [checkbox(`${p}.${f.key}`, q[f.key] !== false, 'flagOn', T(f.label))] : [checkbox(`${p}.${f.key}`, q[f.key] === true, 'flag', T(f.label))],
  number: (f, q, p) => [
    field(T(f.label), input(`${p}.${f.key}`, q[f.key], f.integer ? 'int' : 'num', { type: 'number', min: f.min, max: f.max, step: f.integer ? 1 : 'any' })),
  ],
  list: (f, q, p, s, qi, catalogue) => [listEditor(f, q, p, s, qi, catalogue)],
};

/** Scale, options, flags, bounds, lists: whatever this type's module describes. */
export function typeSettings(q, p, s, qi, catalogue) {
  return spec(q.type).fields.flatMap((f) => FIELDS[f.kind]?.(f, q, p, s, qi, catalogue) ?? []);
}

/**
 * The catalogue's tree as optgroups (level › item), names in the page language. The server
 * sends only the indicators the template's channel can evidence; a stored choice outside
 * them stays visible, marked, so saving says what is wrong instead of dropping it.
 */
export function indicatorSelect(path, value, catalogue) {
  const el = h('select', { id: fieldId(path), 'data-path': path, 'data-kind': 'optional' }, h('option', { value: '' }, T('builder.noIndicator')));
  const pts = (n) => T('builder.points', { points: n.points });
  let found = !value;
  const optionOf = (n) => {
    if (n.code === value) found = true;
    return h('option', { value: n.code, selected: n.code === value, title: n.code }, `${n.name[locale]} · ${pts(n)}`);
  };
  for (const level of catalogue?.tree ?? []) {
    const direct = level.children.filter((c) => c.kind === 'indicator');
    if (direct.length) el.append(h('optgroup', { label: `${level.name[locale]} (${pts(level)})` }, direct.map(optionOf)));
    for (const item of level.children.filter((c) => c.kind === 'item')) {
      el.append(h('optgroup', { label: `${level.name[locale]} › ${item.name[locale]} (${pts(item)})` }, item.children.map(optionOf)));
    }
  }
  if (!found) el.append(h('option', { value, selected: true }, T('builder.indicatorNotOffered', { code: value })));
  return el;
}

/** Indicator, weight and role, for the types that are scored. */
export function scoring(q, p, catalogue) {
  if (!spec(q.type).scored) return [];
  const roles = spec(q.type).roles;
  return [
    field(T('builder.indicator'), indicatorSelect(`${p}.indicator`, q.indicator, catalogue), true),
    field(T('builder.weight'), input(`${p}.weight`, q.weight, 'num', { type: 'number', min: 0.1, max: 10, step: 'any', placeholder: '1' })),
    roles.length || q.role
      ? field(
          T('builder.role'),
          select(`${p}.role`, q.role, 'optional', [{ value: '', label: T('builder.noRole') }, ...roles.map((r) => ({ value: r, label: T(`role.${r}`) }))]),
        )
      : null,
  ];
}

function defaultValue(target) {
  if (target.options) return target.options[0]?.value ?? '';
  return spec(target.type).condition?.defaultValue ?? '';
}

function valueControl(cond, p, target) {
  const path = `${p}.showIf.value`;
  const numeric = target && isNumeric(target.type) ? '1' : null;
  const values = Array.isArray(cond.value) ? cond.value.map(String) : [String(cond.value)];
  if (target && isUnordered(target.type)) {
    const fixed = spec(target.type).condition?.values;
    const options = fixed
      ? fixed.map((v) => ({ value: v, label: T(`${spec(target.type).condition.valueLabels ?? ''}${v}`) }))
      : (target.options ?? []).map((o) => ({ value: o.value, label: `${o.value} · ${o.label[locale] || o.value}` }));
    const el = select(path, cond.value, 'condValue', options, { multiple: cond.op === 'in' });
    if (cond.op === 'in') for (const o of el.options) o.selected = values.includes(o.value);
    return el;
  }
  if (cond.op === 'in') return input(path, values.join(', '), 'condValue', { 'data-list': '1', 'data-numeric': numeric, placeholder: '1, 2' });
  const type = (target && spec(target.type).condition?.input) ?? (numeric ? 'number' : 'text');
  return input(path, cond.value, 'condValue', { type, 'data-numeric': numeric });
}

/** "Show only if <earlier question> <op> <value>"; only questions above this one can be picked. */
export function skipLogic(q, p, earlier) {
  const candidates = earlier.filter((e) => canCondition(e.type));
  const last = candidates[candidates.length - 1];
  const toggle = checkbox(`${p}.showIf`, Boolean(q.showIf), 'showIf', T('builder.showIf'));
  const box = toggle.querySelector('input');
  if (last) box.dataset.default = JSON.stringify({ questionId: last.id, op: 'eq', value: defaultValue(last) });
  else box.disabled = !q.showIf;
  if (!q.showIf) return [toggle, last ? null : h('p', { class: 'hint' }, T('builder.noEarlier'))];
  const cond = q.showIf;
  const target = candidates.find((c) => c.id === cond.questionId);
  const targetSelect = select(`${p}.showIf.questionId`, cond.questionId, 'condTarget', [
    ...candidates.map((c) => ({ value: c.id, label: `${c.id} · ${c.prompt?.[locale] || T(`type.${c.type}`)}` })),
    ...(target ? [] : [{ value: cond.questionId, label: T('builder.unknownQuestion', { id: cond.questionId }) }]),
  ]);
  for (const o of targetSelect.options) {
    const c = candidates.find((x) => x.id === o.value);
    if (c) Object.assign(o.dataset, { default: JSON.stringify(defaultValue(c)), ordered: isUnordered(c.type) ? '0' : '1' });
  }
  const ops = target && isUnordered(target.type) ? ['eq', 'ne', 'in'] : ['eq', 'ne', 'lte', 'gte', 'in'];
  return [
    toggle,
    h(
      'div',
      { class: 'fields condition-fields' },
      field(T('builder.condQuestion'), targetSelect),
      field(
        T('builder.condOp'),
        select(
          `${p}.showIf.op`,
          cond.op,
          'condOp',
          ops.map((o) => ({ value: o, label: T(`op.${o}`) })),
        ),
      ),
      field(cond.op === 'in' ? T('builder.condValues') : T('builder.condValue'), valueControl(cond, p, target)),
    ),
  ];
}
