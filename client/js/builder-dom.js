/*
 * Small DOM and data helpers for the template builder. Every editable control carries
 * data-path, the JSON path of the value it edits ("sections.0.questions.2.prompt.en"),
 * which is also the `field` the server names in a validation error.
 */
let text = {};
export const locale = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';

export function setText(entries) {
  text = entries;
}

/** A UI text from the templates.* catalogue with {name} placeholders filled. */
export function T(key, vars = {}) {
  const raw = text[`templates.${key}`] ?? key;
  return raw.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** h('input', {type: 'text', class: 'x'}, children…); false/null attributes are left out. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') el.className = value;
    else if (key === 'value' && (tag === 'input' || tag === 'textarea')) el.value = String(value);
    else if (key === 'selected' || key === 'checked') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const fieldId = (path) => `f-${path.replace(/[^A-Za-z0-9_]/g, '-')}`;

export function getAt(obj, path) {
  return path.split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}

export function setAt(obj, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  const parent = keys.reduce((o, k, i) => {
    if (o[k] === undefined) o[k] = /^\d+$/.test(keys[i + 1] ?? last) ? [] : {};
    return o[k];
  }, obj);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

/** A labelled control; `wide` spans both columns of the field grid. */
export function field(label, control, wide = false) {
  return h('div', { class: wide ? 'field wide' : 'field' }, h('label', { for: control.id }, label), control);
}

export function input(path, value, kind, attrs = {}) {
  // Attributes first: a value set before type=number would be sanitised away.
  return h('input', { id: fieldId(path), 'data-path': path, 'data-kind': kind, ...attrs, value: value ?? '' });
}

export function select(path, value, kind, options, attrs = {}) {
  const el = h('select', { id: fieldId(path), 'data-path': path, 'data-kind': kind, ...attrs });
  for (const o of options) el.append(h('option', { value: o.value, selected: String(o.value) === String(value ?? ''), disabled: o.disabled }, o.label));
  return el;
}

export function checkbox(path, checked, kind, label) {
  const id = fieldId(path);
  return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, 'data-path': path, 'data-kind': kind, checked }), h('label', { for: id }, label));
}

export function button(label, action, data = {}, attrs = {}) {
  const dataAttrs = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return h('button', { type: 'button', class: 'secondary', 'data-action': action, ...dataAttrs, ...attrs }, label);
}

/** Both languages of a LocalizedText as two inputs. */
export function localized(path, value, label, kind = 'text', multiline = false) {
  const control = (lang) => {
    const p = `${path}.${lang}`;
    if (!multiline) return input(p, value?.[lang], kind, { lang });
    return h('textarea', { id: fieldId(p), 'data-path': p, 'data-kind': kind, lang, rows: 3, value: value?.[lang] ?? '' });
  };
  return [field(T('builder.inZh', { label }), control('zh-CN')), field(T('builder.inEn', { label }), control('en'))];
}
