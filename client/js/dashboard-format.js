// Number formats shared by the figures and the charts; the server's helpers
// (server/http/dashboard/helpers.ts) format the first render the same way.
// The one display rule (server/http/figures.ts): one decimal by default, cut, never rounded up.
export const num = (v, digits = 1) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  const cut = Math.floor(v * 10 ** digits + 1e-7) / 10 ** digits;
  return (Object.is(cut, -0) ? 0 : cut).toFixed(digits);
};
export const ci = (pair) => (Array.isArray(pair) && pair.length === 2 ? `[${num(pair[0])}, ${num(pair[1])}]` : '—');

/** A point of the gauge's half circle (centre 100,100) for a 0–100 value. */
export function gaugePoint(value, radius = 80) {
  const v = Math.max(0, Math.min(100, value));
  const angle = Math.PI * (1 - v / 100);
  return [100 + radius * Math.cos(angle), 100 - radius * Math.sin(angle)];
}

export function gaugeArc(from, to) {
  if (typeof from !== 'number' || typeof to !== 'number') return '';
  const [x1, y1] = gaugePoint(from);
  const [x2, y2] = gaugePoint(to);
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A 80 80 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

export function get(data, path) {
  return path.split('.').reduce((v, key) => (v === null || v === undefined ? undefined : v[key]), data);
}

/** "+6.2" / "−6.2": the magnitude cut to one decimal, the sign written out (server/http/dashboard/changeText.ts). */
export function signed(v) {
  const magnitude = num(Math.abs(v));
  if (Number(magnitude) === 0) return magnitude;
  return `${v < 0 ? '−' : '+'}${magnitude}`;
}

function verdictOf(c) {
  if (c.change === null || c.change === undefined) return 'noBaseline';
  if (c.significant === null || c.significant === undefined) return 'unknown';
  if (!c.significant) return 'same';
  return c.change > 0 ? 'up' : 'down';
}

/** The change line and its class, as the server renders them. */
export function changeLine(c, text) {
  const label = text[`trends.compare.${c.kind}`] ?? c.kind;
  const verdict = text[`trends.verdict.${verdictOf(c)}`];
  if (c.change === null || c.change === undefined) return `${label} · ${verdict}`;
  const interval = c.ci ? text['trends.interval'].replace('{lo}', signed(c.ci[0])).replace('{hi}', signed(c.ci[1])) : '';
  return `${label} ${signed(c.change)}${interval} · ${verdict}`;
}

export const changeClass = (c) => `chg chg-${verdictOf(c)}`;

/** Where a value sits on the ranking's fitted axis, `width` wide. */
export const axisX = (v, axis, width = 400) => ((Math.max(axis.min, Math.min(axis.max, v)) - axis.min) / (axis.max - axis.min)) * width;

export function axisTicks(axis) {
  const ticks = [];
  for (let v = axis.min; v <= axis.max + 1e-9; v += axis.step) ticks.push(v);
  return ticks;
}
