// chart.js drawings and the tables that a refresh rebuilds. Everything built
// from data uses textContent / attributes, never innerHTML: comments are user text.
import { num } from './dashboard-format.js';
import { heatClass, rebuildComments, rebuildRanking } from './dashboard-tables.js';

const charts = new Map();

/** Creates the chart once, then only swaps its data (no flicker on live updates). */
function chart(id, make) {
  const canvas = document.getElementById(id);
  if (!canvas || typeof window.Chart !== 'function') return;
  const config = make();
  const existing = charts.get(id);
  if (existing) {
    existing.data = config.data;
    // A fitted axis moves with the data.
    if (config.options?.scales) existing.options.scales = config.options.scales;
    existing.update('none');
    return;
  }
  charts.set(id, new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } }));
}

const BLUE = '#0b5cad';

/**
 * The monthly trend: the CPSQ line, its 95% band (months with n ≥ 2), the target; the
 * month still running is a hollow point reached by a dashed line and labelled partial;
 * the y-axis is the one the server fitted to the points, their bands and the target.
 */
function trendChart(data, text) {
  const trend = data.trend;
  const partial = (i) => !!trend[i]?.partial;
  const labels = trend.map((p) => (p.partial ? `${p.month}${text['trends.trend.partial']}` : p.month));
  const axis = data.trendAxis ?? { min: 0, max: 100, step: 10 };
  chart('chart-trend', () => ({
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: text.ciHigh,
          data: trend.map((p) => (p.ci ? p.ci[1] : null)),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: 'rgba(11,92,173,.18)',
          fill: '+1',
        },
        { label: text.ciLow, data: trend.map((p) => (p.ci ? p.ci[0] : null)), borderWidth: 0, pointRadius: 0 },
        {
          label: text.cpsq,
          data: trend.map((p) => p.score),
          borderColor: BLUE,
          backgroundColor: trend.map((p) => (p.partial ? '#ffffff' : BLUE)),
          pointBorderColor: BLUE,
          pointBorderWidth: trend.map((p) => (p.partial ? 2.5 : 1)),
          pointRadius: trend.map((p) => (p.partial ? 6 : 3.5)),
          spanGaps: true,
          segment: { borderDash: (ctx) => (partial(ctx.p1DataIndex) ? [6, 4] : undefined) },
        },
        { label: text.target, data: trend.map(() => data.gate.target), borderColor: '#b42318', borderDash: [6, 4], pointRadius: 0 },
      ],
    },
    options: {
      scales: { y: { min: axis.min, max: axis.max, ticks: { stepSize: axis.step } } },
      plugins: {
        legend: { labels: { filter: (item) => item.datasetIndex >= 2 } },
        tooltip: {
          filter: (item) => item.datasetIndex === 2,
          callbacks: {
            label: (item) => {
              const p = trend[item.dataIndex];
              const band = p.ci ? ` · ${text['trends.trend.ci'].replace('{lo}', num(p.ci[0])).replace('{hi}', num(p.ci[1]))}` : '';
              return `${text.cpsq} ${num(p.score)}${band} · ${text['trends.trend.n'].replace('{n}', p.responses)}`;
            },
          },
        },
      },
    },
  }));
}

function overview(data, text) {
  trendChart(data, text);
  chart('chart-channels', () => ({
    type: 'doughnut',
    data: {
      labels: data.channels.map((c) => text[`channel.${c.channel}`]),
      datasets: [
        { label: text.responses, data: data.channels.map((c) => c.responses), backgroundColor: data.channels.map((c) => text[`channelColour.${c.channel}`]) },
      ],
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
