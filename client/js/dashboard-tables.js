// Rebuilds the sites ranking (with SVG whiskers) and the comment list from JSON.
// Text goes in through textContent only, so a comment of <script> stays text.
import { ci, num, x300 } from './dashboard-format.js';

const SVG = 'http://www.w3.org/2000/svg';

/** A catalogue text with its {placeholders} filled (the server's t() does the same). */
const fill = (template, vars) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));

/** The badge naming the channels short of 30 responses, as the server renders it. */
function lowSampleBadge(site, text) {
  const short = site.lowSampleChannels || [];
  if (!short.length) return el('span', { class: 'badge low', title: text.lowSample }, '<30');
  const list = (label) => short.map(label).join(text.listSeparator);
  const detail = fill(text['sites.lowSampleDetail'], { channels: list((c) => fill(text['sites.channelN'], { channel: text[`channel.${c.channel}`], n: c.responses })) });
  const badge = el('span', { class: 'badge low', title: detail }, fill(text['sites.lowSampleBadge'], { channels: list((c) => text[`channelShort.${c.channel}`]) }));
  badge.append(el('span', { class: 'visually-hidden' }, ` ${detail}`));
  return badge;
}

export const heatClass = (score) => (typeof score === 'number' ? `heat heat-${Math.min(10, Math.max(0, Math.floor(score / 10)))}` : 'heat heat-none');

function el(tag, attrs = {}, textValue) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (textValue !== undefined) node.textContent = textValue;
  return node;
}

function whisker(site, target) {
  const svg = el('svg:svg', { class: 'whisker', viewBox: '0 0 300 20', role: 'img', 'aria-label': `${site.code} ${num(site.score)} ${ci(site.ci)}` });
  svg.append(el('svg:rect', { class: 'wk-track', x: '0', y: '8', width: '300', height: '4' }));
  if (site.ci) {
    const [lo, hi] = site.ci.map(x300);
    svg.append(el('svg:line', { class: 'wk-ci', x1: lo, x2: hi, y1: '10', y2: '10' }));
    svg.append(el('svg:line', { class: 'wk-cap', x1: lo, x2: lo, y1: '4', y2: '16' }), el('svg:line', { class: 'wk-cap', x1: hi, x2: hi, y1: '4', y2: '16' }));
  }
  if (typeof site.score === 'number') svg.append(el('svg:circle', { class: `wk-dot${site.gatePassed ? ' pass' : ''}`, cx: x300(site.score), cy: '10', r: '5' }));
  svg.append(el('svg:line', { class: 'wk-target', x1: x300(target), x2: x300(target), y1: '0', y2: '20' }));
  return svg;
}

export function rebuildRanking(data, text) {
  const body = document.getElementById('ranking-rows');
  if (!body) return;
  const links = new Map([...body.querySelectorAll('tr[data-site] a')].map((a) => [a.textContent, a.getAttribute('href')]));
  const rows = data.sites.map((site) => {
    const tr = el('tr', { 'data-site': site.code });
    const name = el('td');
    name.append(el('a', { href: links.get(site.code) ?? '#' }, site.code), document.createTextNode(` ${site.name}`));
    const score = el('td', { class: 'score' }, `${num(site.score)} `);
    if (site.lowSample) score.append(lowSampleBadge(site, text));
    const graph = el('td', { class: 'whisker-col' });
    graph.append(whisker(site, data.target));
    tr.append(el('td', {}, site.rank === null ? '—' : String(site.rank)), name, score, el('td', {}, ci(site.ci)), el('td', {}, String(site.responses)), graph);
    return tr;
  });
  body.replaceChildren(...rows);
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
      document.createTextNode(` ${c.siteCode} ${c.siteName} · ${text[`channel.${c.channel}`] ?? c.channel} · ${when}${typeof c.nps === 'number' ? ` · NPS ${c.nps}` : ''} · `),
      el('small', {}, c.question[lang] ?? ''),
      document.createTextNode(' · '),
      el('a', { href: `/responses/${encodeURIComponent(c.responseId)}` }, text.response),
    );
    if (c.caseId) meta.append(document.createTextNode(' · '), el('a', { href: `/follow-ups/${encodeURIComponent(c.caseId)}` }, text.case));
    li.append(el('p', { class: 'comment-text' }, c.text), meta);
    return li;
  });
  if (items.length) list.replaceChildren(...items);
}
