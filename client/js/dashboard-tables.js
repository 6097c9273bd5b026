// Rebuilds the sites ranking (with SVG whiskers) and the comment list from JSON.
// Text goes in through textContent only, so a comment of <script> stays text.
import { axisTicks, axisX, changeClass, changeLine, ci, num } from './dashboard-format.js';

const SVG = 'http://www.w3.org/2000/svg';

export const heatClass = (score) => (typeof score === 'number' ? `heat heat-${Math.min(10, Math.max(0, Math.floor(score / 10)))}` : 'heat heat-none');

function el(tag, attrs = {}, textValue) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (textValue !== undefined) node.textContent = textValue;
  return node;
}

/** The whisker on the ranking's fitted axis (server: views/pages/dashboard-sites.hbs). */
function whisker(site, target, axis) {
  const x = (v) => axisX(v, axis).toFixed(1);
  const svg = el('svg:svg', { class: 'whisker', viewBox: '-12 0 424 28', role: 'img', 'aria-label': `${site.code} ${num(site.score)} ${ci(site.ci)}` });
  for (const tick of axisTicks(axis)) svg.append(el('svg:line', { class: 'wk-grid', x1: x(tick), x2: x(tick), y1: '0', y2: '28' }));
  if (site.ci) {
    const [lo, hi] = site.ci.map(x);
    svg.append(el('svg:line', { class: 'wk-ci', x1: lo, x2: hi, y1: '14', y2: '14' }));
    svg.append(el('svg:line', { class: 'wk-cap', x1: lo, x2: lo, y1: '6', y2: '22' }), el('svg:line', { class: 'wk-cap', x1: hi, x2: hi, y1: '6', y2: '22' }));
  }
  if (typeof site.score === 'number') svg.append(el('svg:circle', { class: `wk-dot${site.gatePassed ? ' pass' : ''}`, cx: x(site.score), cy: '14', r: '6' }));
  svg.append(el('svg:line', { class: 'wk-target', x1: x(target), x2: x(target), y1: '0', y2: '28' }));
  return svg;
}

export function rebuildRanking(data, text) {
  const body = document.getElementById('ranking-rows');
  if (!body) return;
  const links = new Map([...body.querySelectorAll('tr[data-site] a')].map((a) => [a.textContent, a.getAttribute('href')]));
  // The phone layout names each value (data-label); the server rendered those names in the page language.
  const first = body.querySelector('tr[data-site]');
  const labelOf = (selector) => first?.querySelector(selector)?.getAttribute('data-label') ?? '';
  const labels = { ci: labelOf('td.ci'), count: labelOf('td.count'), graph: labelOf('td.whisker-col'), changes: labelOf('td.changes-cell') };
  const rows = data.sites.map((site) => {
    const tr = el('tr', { 'data-site': site.code });
    const name = el('td');
    name.append(el('a', { href: links.get(site.code) ?? '#' }, site.code), document.createTextNode(` ${site.name}`));
    const group = el('td', { class: 'tie-group' });
    group.append(site.group ? el('span', { class: 'group-letters' }, site.group) : document.createTextNode('—'));
    const graph = el('td', { class: 'whisker-col', 'data-label': labels.graph });
    graph.append(whisker(site, data.target, data.axis));
    const changes = el('td', { class: 'changes-cell', 'data-label': labels.changes });
    changes.append(...(site.changes || []).map((c) => el('div', { class: changeClass(c) }, changeLine(c, text))));
    tr.append(
      el('td', { class: 'rank' }, site.rank === null ? '—' : String(site.rank)),
      group,
      name,
      el('td', { class: 'score' }, num(site.score)),
      el('td', { class: 'ci', 'data-label': labels.ci }, ci(site.ci)),
      el('td', { class: 'count', 'data-label': labels.count }, String(site.responses)),
      graph,
      changes,
    );
    return tr;
  });
  body.replaceChildren(...rows);
}

/** The comment's tone and topic names, as the server renders them. */
function commentTags(c, topicLabels, lang, text) {
  const names = new Map((topicLabels ?? []).map((t) => [t.code, lang === 'en' ? t.en : t.zh]));
  const tags = el('p', { class: 'comment-tags' }, '');
  tags.append(el('span', { class: `senti-tag senti-tag-${c.sentiment}` }, text[`sentiment.${c.sentiment}`] ?? c.sentiment));
  for (const code of c.topics ?? []) tags.append(document.createTextNode(' '), el('span', { class: 'topic-tag' }, names.get(code) ?? code));
  return tags;
}

export function rebuildComments(data, text) {
  const list = document.getElementById('comment-list');
  if (!list) return;
  const lang = document.documentElement.lang;
  const tz = Number(document.getElementById('dashboard').dataset.tz || 480);
  const items = data.comments.map((c) => {
    const li = el('li', { class: 'comment' });
    const meta = el('p', { class: 'comment-meta' });
    const when = new Date(Date.parse(c.respondedAt) + tz * 60000).toISOString().slice(0, 16).replace('T', ' ');
    meta.append(
      el('span', { class: `score-pill band-${c.band}` }, num(c.score, 0)),
      document.createTextNode(
        ` ${c.siteCode} ${c.siteName} · ${text[`channel.${c.channel}`] ?? c.channel} · ${when}${typeof c.nps === 'number' ? ` · NPS ${c.nps}` : ''} · `,
      ),
      el('small', {}, c.question[lang] ?? ''),
      document.createTextNode(' · '),
      el('a', { href: `/responses/${encodeURIComponent(c.responseId)}` }, text.response),
    );
    if (c.caseId) meta.append(document.createTextNode(' · '), el('a', { href: `/follow-ups/${encodeURIComponent(c.caseId)}` }, text.case));
    li.append(el('p', { class: 'comment-text' }, c.text), commentTags(c, data.topicLabels, lang, text), meta);
    return li;
  });
  if (items.length) list.replaceChildren(...items);
}
