/*
 * The template builder: edits the template content embedded in the page, saves it
 * as the draft (PUT /api/v1/templates/:id) and shows the server's validation error
 * next to the control its `field` path names. Publishing is the page's own form.
 */
import { T, getAt, h, locale, setAt, setText } from './builder-dom.js';
import { changeType, defaultsFor, emptyText } from './builder-fields.js';
import { renderBuilder } from './builder-render.js';

const root = document.getElementById('builder');
const read = (id) => JSON.parse(document.getElementById(id).textContent);
const state = read('builder-content');
const catalogues = read('builder-catalogues');
setText(read('builder-text'));

const saveButton = document.getElementById('builder-save');
const statusLine = document.getElementById('builder-status');
const errorBox = document.getElementById('builder-error');
const publishButton = document.getElementById('builder-publish');
let dirty = false;

/** Publishing needs something new: a saved draft or unsaved edits (which are saved first). */
function syncPublish() {
  publishButton.disabled = !dirty && publishButton.dataset.hasDraft !== 'true';
}

const questions = (si) => state.sections[si].questions;
const allQuestions = () => state.sections.flatMap((s) => s.questions);
const parentOf = (path) => path.slice(0, path.lastIndexOf('.'));
const say = (text) => (statusLine.textContent = text);

/** Redraws and puts the focus back on the control with the same id (ids follow data paths). */
function render(focusId) {
  const active = focusId ?? document.activeElement?.id;
  renderBuilder(root, state, catalogues);
  const target = active && document.getElementById(active);
  if (target) target.focus();
}

function markDirty() {
  dirty = true;
  saveButton.disabled = false;
  syncPublish();
  say(T('builder.unsaved'));
}

function nextId(prefix, taken) {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** Conditions that pointed at removed questions go too, or the draft could not be saved. */
function dropConditionsOn(ids) {
  for (const q of allQuestions()) if (q.showIf && ids.includes(q.showIf.questionId)) delete q.showIf;
}

function conditionValue(el) {
  const numeric = el.dataset.numeric === '1';
  const convert = (v) => (numeric && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v.trim());
  if (el.multiple) return [...el.selectedOptions].map((o) => convert(o.value));
  if (el.dataset.list)
    return el.value
      .split(/[,，]/)
      .map((v) => v.trim())
      .filter(Boolean)
      .map(convert);
  return convert(el.value);
}

/** Writes one control's value into the content, by its data-kind. */
function apply(el) {
  const path = el.dataset.path;
  const value = el.type === 'checkbox' ? el.checked : el.value;
  switch (el.dataset.kind) {
    case 'text':
    case 'bool':
      return setAt(state, path, value);
    case 'optLocal': {
      // An optional text (description) exists in both languages or not at all.
      const base = parentOf(path);
      setAt(state, base, { ...emptyText(), ...getAt(state, base) });
      setAt(state, path, value);
      const text = getAt(state, base);
      if (!text['zh-CN'] && !text.en) setAt(state, base, undefined);
      return;
    }
    case 'int':
    case 'num':
      return setAt(state, path, value === '' ? undefined : Number(value));
    case 'flag':
      return setAt(state, path, value ? true : undefined);
    case 'flagOn':
      return setAt(state, path, value ? undefined : false);
    case 'optional':
      return setAt(state, path, value === '' ? undefined : value);
    case 'catalogue': {
      const [code, version] = value.split('@');
      state.catalogue = { code, version };
      return;
    }
    case 'type': {
      const [, si, , qi] = path.split('.');
      questions(si)[qi] = changeType(questions(si)[qi], value);
      return;
    }
    case 'qid': {
      const old = getAt(state, path);
      setAt(state, path, value);
      for (const q of allQuestions()) if (q.showIf?.questionId === old) q.showIf.questionId = value;
      return;
    }
    case 'scaleLabel': {
      const base = parentOf(parentOf(path));
      const labels = getAt(state, base) ?? [];
      while (labels.length < 2) labels.push(emptyText());
      setAt(state, base, labels);
      setAt(state, path, value);
      if (labels.every((l) => !l['zh-CN'] && !l.en)) setAt(state, base, undefined);
      return;
    }
    case 'showIf':
      return setAt(state, path, value ? JSON.parse(el.dataset.default) : undefined);
    case 'condTarget': {
      const cond = getAt(state, parentOf(path));
      const chosen = el.selectedOptions[0];
      cond.questionId = value;
      if (chosen?.dataset.ordered === '0' && (cond.op === 'lte' || cond.op === 'gte')) cond.op = 'eq';
      const fresh = chosen?.dataset.default ? JSON.parse(chosen.dataset.default) : '';
      cond.value = cond.op === 'in' ? [fresh] : fresh;
      return;
    }
    case 'condOp': {
      const cond = getAt(state, parentOf(path));
      cond.op = value;
      if (value === 'in' && !Array.isArray(cond.value)) cond.value = [cond.value];
      if (value !== 'in' && Array.isArray(cond.value)) cond.value = cond.value[0] ?? '';
      return;
    }
    case 'condValue':
      return setAt(state, path, conditionValue(el));
  }
}

/** Button actions; each returns the id of the control to focus after the redraw. */
const actions = {
  'add-section'() {
    const id = nextId(
      's',
      state.sections.map((s) => s.id),
    );
    state.sections.push({ id, title: emptyText(), questions: [] });
    return `f-sections-${state.sections.length - 1}-title-zh-CN`;
  },
  'del-section'({ s }) {
    const [removed] = state.sections.splice(s, 1);
    dropConditionsOn(removed.questions.map((q) => q.id));
    return `f-sections-${Math.max(0, s - 1)}-title-zh-CN`;
  },
  'add-question'({ s }) {
    const type = document.getElementById(`new-type-${s}`).value;
    const id = nextId(
      'q',
      allQuestions().map((q) => q.id),
    );
    questions(s).push({ id, type, prompt: emptyText(), required: true, ...defaultsFor(type) });
    return `f-sections-${s}-questions-${questions(s).length - 1}-prompt-zh-CN`;
  },
  'del-question'({ s, q }) {
    const [removed] = questions(s).splice(q, 1);
    dropConditionsOn([removed.id]);
    return `new-type-${s}`;
  },
  'move-up'({ s, q, qid }) {
    move(s, q, -1);
    return { qid, action: 'move-up' };
  },
  'move-down'({ s, q, qid }) {
    move(s, q, +1);
    return { qid, action: 'move-down' };
  },
  /** A new item at the end of a list (options, grid rows), numbered after the list's id prefix. */
  'add-item'({ s, q, list, idKey, prefix, newItem, focus }) {
    const items = (questions(s)[q][list] ??= []);
    const id = nextId(
      prefix,
      items.map((x) => x[idKey]),
    );
    items.push({ [idKey]: id, ...JSON.parse(newItem) });
    return `f-sections-${s}-questions-${q}-${list}-${items.length - 1}-${focus}`;
  },
  'del-item'({ s, q, o, list, focus }) {
    questions(s)[q][list].splice(o, 1);
    return `f-sections-${s}-questions-${q}-${list}-${Math.max(0, o - 1)}-${focus}`;
  },
};

/** One place up or down; past a section's edge it joins the neighbouring section. */
function move(s, q, step) {
  const list = questions(s);
  const target = q + step;
  if (target >= 0 && target < list.length) {
    [list[q], list[target]] = [list[target], list[q]];
    return;
  }
  const next = s + step;
  if (next < 0 || next >= state.sections.length) return;
  const [moved] = list.splice(q, 1);
  if (step < 0) questions(next).push(moved);
  else questions(next).unshift(moved);
}

root.addEventListener('input', (e) => {
  const el = e.target;
  if (!el.dataset.path || el.tagName === 'SELECT' || el.type === 'checkbox') return;
  apply(el);
  markDirty();
});
root.addEventListener('change', (e) => {
  const el = e.target;
  if (!el.dataset.path) return;
  if (el.tagName === 'SELECT' || el.type === 'checkbox') {
    apply(el);
    markDirty();
    render(el.id);
  } else if (el.dataset.kind === 'qid' || el.dataset.path.endsWith('.value')) {
    // Ids and option values appear in other questions' conditions: redraw once focus has moved on.
    requestAnimationFrame(() => render());
  }
});
root.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action]');
  if (!b || !actions[b.dataset.action]) return;
  const num = (v) => (v === undefined ? undefined : Number(v));
  const { s, q, o, qid, ...rest } = b.dataset;
  const focus = actions[b.dataset.action]({ ...rest, s: num(s), q: num(q), o: num(o), qid });
  markDirty();
  if (typeof focus === 'string') return render(focus);
  render(null);
  const same = root.querySelector(`button[data-action="${focus.action}"][data-qid="${focus.qid}"]`);
  const other = root.querySelector(`button[data-qid="${focus.qid}"]:not([disabled])`);
  (same && !same.disabled ? same : other)?.focus();
});

function clearErrors() {
  errorBox.hidden = true;
  errorBox.textContent = '';
  root.querySelectorAll('.field-error').forEach((el) => el.remove());
  root.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  root.querySelectorAll('.has-error').forEach((el) => el.classList.remove('has-error'));
}

/** The server's message at the top and next to the control its field path names (or the nearest container). */
function showError(error) {
  // `text` is the rule in the page language, naming the question by its prompt; `message` is the API's English.
  const message = error.text ?? error.message;
  errorBox.textContent = T('builder.saveFailed', { message });
  errorBox.hidden = false;
  say('');
  let path = error.field ?? '';
  let target = null;
  while (path && !(target = root.querySelector(`[data-path="${CSS.escape(path)}"], [data-anchor="${CSS.escape(path)}"]`))) {
    path = path.includes('.') ? parentOf(path) : '';
  }
  if (!target) return errorBox.focus?.();
  const note = h('p', { class: 'field-error', id: 'builder-field-error' }, message);
  if (target.matches('input, select, textarea')) {
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', note.id);
    (target.closest('.field, .check') ?? target).append(note);
  } else target.prepend(note);
  target.closest('.question-card, .section-card, .card')?.classList.add('has-error');
  target.scrollIntoView({ block: 'center' });
  if (target.matches('input, select, textarea')) target.focus({ preventScroll: true });
}

/** Rating questions saved without end labels get the server's defaults (both languages); shown at once. */
function adoptScaleLabels(saved) {
  let adopted = false;
  state.sections.forEach((s, si) =>
    s.questions.forEach((q, qi) => {
      const labels = saved?.sections?.[si]?.questions?.[qi]?.scaleLabels;
      if (labels && !q.scaleLabels && q.type === saved.sections[si].questions[qi].type) {
        q.scaleLabels = labels;
        adopted = true;
      }
    }),
  );
  return adopted;
}

async function save() {
  clearErrors();
  say(T('builder.saving'));
  let res;
  try {
    res = await fetch(`/api/v1/templates/${root.dataset.templateId}`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': root.dataset.csrf },
      body: JSON.stringify(state),
    });
  } catch {
    showError({ message: T('builder.offline') });
    return false;
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    showError(body.error ?? { message: `HTTP ${res.status}` });
    return false;
  }
  dirty = false;
  if (adoptScaleLabels(body.template?.draft)) render();
  saveButton.disabled = true;
  publishButton.dataset.hasDraft = 'true';
  syncPublish();
  document.getElementById('builder-name').textContent = state.name[locale];
  say(T('builder.saved', { time: new Date().toLocaleTimeString(locale) }));
  return true;
}

saveButton.addEventListener('click', () => save());
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 's') {
    e.preventDefault();
    save();
  }
});
// Publishing and previewing use what is saved, so unsaved edits are saved first.
document.getElementById('publish-form').addEventListener('submit', async (e) => {
  if (!dirty) return;
  e.preventDefault();
  if (await save()) e.target.submit();
});
const previewLink = document.getElementById('builder-preview');
previewLink.addEventListener('click', async (e) => {
  if (!dirty) return;
  e.preventDefault();
  if (await save()) window.open(previewLink.href, '_blank', 'noopener');
});
window.addEventListener('beforeunload', (e) => {
  if (dirty) e.preventDefault();
});

render();
syncPublish();
