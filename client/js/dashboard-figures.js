// Puts fresh numbers into the elements the server rendered: [data-figure="a.b.c"]
// names a path in the page's JSON, data-format how to show it. Text only (no HTML).
import { changeClass, changeLine, ci, gaugeArc, gaugePoint, get, num } from './dashboard-format.js';

function format(value, kind, text) {
  switch (kind) {
    case 'int':
      return typeof value === 'number' ? String(value) : '—';
    case 'ci':
      return ci(value);
    case 'gate':
      return value ? text.gatePassed : text.gateFailed;
    case 'level':
      return value ? (text[`level.${value}`] ?? value) : '—';
    case 'text':
      return value ?? '';
    default:
      return num(value);
  }
}

function updateGauge(root, data) {
  const value = root.querySelector('[data-gauge="value"]');
  if (!value || !data.cpsq) return;
  value.setAttribute('d', gaugeArc(0, data.cpsq.score));
  const band = root.querySelector('[data-gauge="ci"]');
  band.setAttribute('d', data.cpsq.ci ? gaugeArc(data.cpsq.ci[0], data.cpsq.ci[1]) : '');
  const target = root.querySelector('[data-gauge="target"]');
  const [x1, y1] = gaugePoint(data.gate.target, 66);
  const [x2, y2] = gaugePoint(data.gate.target, 96);
  target.setAttribute('x1', x1.toFixed(2));
  target.setAttribute('y1', y1.toFixed(2));
  target.setAttribute('x2', x2.toFixed(2));
  target.setAttribute('y2', y2.toFixed(2));
}

export function applyFigures(root, data, text) {
  for (const el of root.querySelectorAll('[data-figure]')) {
    const kind = el.dataset.format;
    const value = get(data, el.dataset.figure);
    if (kind === 'headline') {
      // The star level never alone: the gate's verdict beside it (server/http/dashboard/helpers.ts starHeadline).
      const star = value ? text['headline.projected'].replace('{level}', text[`level.${value}`] ?? value) : text['headline.noLevel'];
      const shown = `${star} · ${data.gate?.passed ? text['headline.gateMet'] : text['headline.gateNotMet']}`;
      if (el.textContent !== shown) el.textContent = shown;
      el.classList.toggle('ok', !!data.gate?.passed);
      el.classList.toggle('bad', !data.gate?.passed);
      continue;
    }
    if (kind === 'lowSample') {
      el.hidden = !value;
      continue;
    }
    if (kind === 'change') {
      if (!value) continue;
      const line = changeLine(value, text);
      if (el.textContent !== line) el.textContent = line;
      el.className = changeClass(value);
      continue;
    }
    const shown = format(value, kind, text);
    if (el.textContent !== shown) el.textContent = shown;
    if (kind === 'gate') el.className = value ? 'ok' : 'bad';
  }
  updateGauge(root, data);
}
