// chart.js drawings and the tables that a refresh rebuilds. Everything built
// from data uses textContent / attributes, never innerHTML: comments are user text.
import { num } from './dashboard-format.js';
import { heatClass, rebuildComments, rebuildRanking } from './dashboard-tables.js';

const charts = new Map();
const COLORS = { survey: '#0b5cad', call: '#1a7f37', mystery: '#9a6700' };

/** Creates the chart once, then only swaps its data (no flicker on live updates). */
function chart(id, make) {
  const canvas = document.getElementById(id);
  if (!canvas || typeof window.Chart !== 'function') return;
  const config = make();
  const existing = charts.get(id);
  if (existing) {
    existing.data = config.data;
    existing.update('none');
    return;
  }
  charts.set(id, new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } }));
}

function overview(data, text) {
  const months = data.trend.map((p) => p.month);
  chart('chart-trend', () => ({
    type: 'line',
    data: {
      labels: months,
      datasets: [
        { label: text.ciHigh, data: data.trend.map((p) => (p.ci ? p.ci[1] : null)), borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(11,92,173,.15)', fill: '+1' },
        { label: text.ciLow, data: data.trend.map((p) => (p.ci ? p.ci[0] : null)), borderWidth: 0, pointRadius: 0 },
        { label: text.cpsq, data: data.trend.map((p) => p.score), borderColor: '#0b5cad', backgroundColor: '#0b5cad', spanGaps: true },
        { label: text.target, data: months.map(() => data.gate.target), borderColor: '#b42318', borderDash: [6, 4], pointRadius: 0 },
      ],
    },
    options: { scales: { y: { min: 0, max: 100 } }, plugins: { legend: { labels: { filter: (item) => item.datasetIndex >= 2 } } } },
  }));
  chart('chart-channels', () => ({
    type: 'doughnut',
    data: {
      labels: data.channels.map((c) => text[`channel.${c.channel}`]),
      datasets: [{ label: text.responses, data: data.channels.map((c) => c.responses), backgroundColor: data.channels.map((c) => COLORS[c.channel]) }],
    },
    options: { plugins: { legend: { position: 'right' } } },
  }));
}

function indicators(data, text) {
  chart('chart-radar', () => ({
    type: 'radar',
    data: {
      labels: data.radar.map((r) => r.name[document.documentElement.lang] ?? r.code),
      datasets: [{ label: text.cpsq, data: data.radar.map((r) => r.score), borderColor: '#0b5cad', backgroundColor: 'rgba(11,92,173,.2)' }],
    },
    options: { scales: { r: { min: 0, max: 100, ticks: { stepSize: 20 } } }, plugins: { legend: { display: false } } },
  }));
  const body = document.getElementById('heat-rows');
  if (!body) return;
  data.heat.forEach((row, i) => {
    const cells = body.rows[i] ? body.rows[i].cells : [];
    data.indicators.forEach((code, j) => {
      const cell = cells[j + 1];
      if (!cell) return;
      const score = row.scores[code];
      cell.className = heatClass(score);
      cell.textContent = num(score, 0);
    });
  });
}

function channels(data) {
  const items = data.checklist.items;
  chart('chart-checklist', () => ({
    type: 'bar',
    data: {
      labels: items.map((i) => i.prompt[document.documentElement.lang] ?? i.id),
      datasets: [{ label: '%', data: items.map((i) => i.passRate), backgroundColor: items.map((i) => (i.critical ? '#b42318' : '#9a6700')) }],
    },
    options: { indexAxis: 'y', scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
  }));
}

export const renderers = {
  overview,
  indicators,
  channels,
  sites: (data, text) => rebuildRanking(data, text),
  comments: (data, text) => rebuildComments(data, text),
};

