/*
 * Draws the whole builder from the template content. Redrawn after every structural
 * change (add, delete, move, type); typing only updates the content in place.
 */
import { T, button, checkbox, field, fieldId, h, input, locale, localized, select } from './builder-dom.js';
import { scoring, skipLogic, typeSettings, typesFor } from './builder-fields.js';

const ID_PATTERN = '[a-z][a-z0-9_]{0,39}';
/** What the template's channel allows beyond every template (server/services/channels/): section weights. */
const CHANNEL = JSON.parse(document.getElementById('builder-channel')?.textContent || '{}');

function templateCard(state, catalogues) {
  const key = `${state.catalogue.code}@${state.catalogue.version}`;
  const options = catalogues.map((c) => ({ value: `${c.code}@${c.version}`, label: `${c.name[locale]} (${c.code}@${c.version})` }));
  if (!options.some((o) => o.value === key)) options.push({ value: key, label: T('builder.unknownCatalogue', { key }) });
  return h(
    'section',
    { class: 'card', 'data-anchor': 'name', 'aria-labelledby': 'builder-template-h' },
    h('h2', { id: 'builder-template-h' }, T('builder.template')),
    h(
      'div',
      { class: 'fields' },
      localized('name', state.name, T('builder.name')),
      localized('description', state.description, T('builder.description'), 'optLocal', true),
      field(T('builder.catalogue'), select('catalogue', key, 'catalogue', options), true),
      checkbox('unscored', state.unscored, 'flag', T('builder.unscored')),
    ),
  );
}

function questionCard(state, q, si, qi, index, all, catalogue) {
  const p = `sections.${si}.questions.${qi}`;
  const n = index + 1;
  const heading = `${fieldId(p)}-h`;
  const types = typesFor(state.channel).concat(typesFor(state.channel).includes(q.type) ? [] : [q.type]);
  const data = { s: si, q: qi, qid: q.id };
  return h(
    'article',
    { class: 'question-card', 'data-anchor': p, 'aria-labelledby': heading },
    h(
      'header',
      { class: 'q-head' },
      h('h3', { id: heading }, T('builder.question', { n }), ' ', h('span', { class: 'q-kind' }, `${q.id} · ${T(`type.${q.type}`)}`)),
      h(
        'div',
        { class: 'q-tools' },
        button('↑', 'move-up', data, { 'aria-label': T('builder.moveUp', { n }), disabled: index === 0 }),
        button('↓', 'move-down', data, { 'aria-label': T('builder.moveDown', { n }), disabled: index === all.length - 1 }),
        button(T('builder.delete'), 'del-question', data, { 'aria-label': T('builder.deleteQuestion', { n }), class: 'danger' }),
      ),
    ),
    h(
      'div',
      { class: 'fields' },
      field(T('builder.questionId'), input(`${p}.id`, q.id, 'qid', { pattern: ID_PATTERN, spellcheck: 'false' })),
      field(
        T('builder.type'),
        select(
          `${p}.type`,
          q.type,
          'type',
          types.map((t) => ({ value: t, label: T(`type.${t}`) })),
        ),
      ),
      localized(`${p}.prompt`, q.prompt, T('builder.prompt')),
      // Shown under the prompt on the form (and read with it by screen readers); optional, in both languages or neither.
      localized(`${p}.help`, q.help, T('builder.help'), 'optLocal', true),
      checkbox(`${p}.required`, q.required, 'bool', T('builder.required')),
      typeSettings(q, p, si, qi, catalogue),
      scoring(q, p, catalogue),
    ),
    h(
      'div',
      { class: 'condition', 'data-anchor': `${p}.showIf` },
      skipLogic(
        q,
        p,
        all.slice(0, index).map((e) => e.q),
      ),
    ),
  );
}

function sectionCard(state, s, si, all, catalogue) {
  const p = `sections.${si}`;
  const newType = h(
    'select',
    { id: `new-type-${si}` },
    typesFor(state.channel).map((t) => h('option', { value: t }, T(`type.${t}`))),
  );
  return h(
    'section',
    { class: 'card section-card', 'data-anchor': p, 'aria-labelledby': `${fieldId(p)}-h` },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: `${fieldId(p)}-h` }, T('builder.section', { n: si + 1 }), ' ', h('span', { class: 'q-kind' }, s.title?.[locale] ?? '')),
      button(T('builder.deleteSection'), 'del-section', { s: si }, { disabled: state.sections.length === 1, class: 'danger' }),
    ),
    h(
      'div',
      { class: 'fields' },
      localized(`${p}.title`, s.title, T('builder.sectionTitle')),
      field(T('builder.sectionId'), input(`${p}.id`, s.id, 'text', { pattern: ID_PATTERN, spellcheck: 'false' })),
      CHANNEL.sectionWeights
        ? field(T('builder.sectionWeight'), input(`${p}.weight`, s.weight, 'num', { type: 'number', min: 0.1, max: 10, step: 'any', placeholder: '1' }))
        : null,
    ),
    h(
      'ol',
      { class: 'questions', 'data-anchor': `${p}.questions` },
      s.questions.map((q, qi) => {
        const index = all.findIndex((e) => e.q === q);
        return h('li', {}, questionCard(state, q, si, qi, index, all, catalogue));
      }),
    ),
    h(
      'div',
      { class: 'add-question' },
      field(T('builder.newType'), newType),
      button(T('builder.addQuestion'), 'add-question', { s: si }, { class: 'primary' }),
    ),
  );
}

export function renderBuilder(root, state, catalogues) {
  const catalogue = catalogues.find((c) => c.code === state.catalogue.code && c.version === state.catalogue.version);
  const all = state.sections.flatMap((s, si) => s.questions.map((q, qi) => ({ q, si, qi })));
  root.replaceChildren(
    templateCard(state, catalogues),
    ...state.sections.map((s, si) => sectionCard(state, s, si, all, catalogue)),
    h('div', { class: 'add-section', 'data-anchor': 'sections' }, button(T('builder.addSection'), 'add-section')),
  );
}
