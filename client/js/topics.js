// Topic trend: the share of commenting responses mentioning each of the busiest
// topics, month by month; a partial month is drawn dashed with a hollow point.
(function () {
  const data = JSON.parse(document.getElementById('topic-trend')?.textContent || 'null');
  const text = JSON.parse(document.getElementById('topic-text')?.textContent || '{}');
  const canvas = document.getElementById('topic-trend-chart');
  if (!data || !canvas || typeof window.Chart !== 'function') return;
  const colours = ['#0b5cad', '#b42318', '#1a7f37', '#9a6700', '#8250df'];
  const partial = data.months.map((m) => m.partial);
  const labels = data.months.map((m) => (m.partial ? `${m.month} (${text.partial})` : m.month));
  const datasets = data.series.map((s, i) => {
    const colour = colours[i % colours.length];
    return {
      label: s.label,
      data: s.share,
      borderColor: colour,
      backgroundColor: colour,
      spanGaps: true,
      pointRadius: 4,
      pointBackgroundColor: partial.map((p) => (p ? '#fff' : colour)),
      segment: { borderDash: (ctx) => (partial[ctx.p1DataIndex] || partial[ctx.p0DataIndex] ? [6, 4] : undefined) },
    };
  });
  const values = data.series.flatMap((s) => s.share).filter((v) => typeof v === 'number');
  // The axis fits the data: from 0 to a little above the highest share.
  const top = Math.min(100, Math.ceil((Math.max(10, ...values) * 1.15) / 5) * 5);
  new window.Chart(canvas, {
    type: 'line',
    data: { labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, max: top, title: { display: true, text: text.share } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
})();
