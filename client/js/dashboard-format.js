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

export const x300 = (v) => (Math.max(0, Math.min(100, v)) * 3).toFixed(1);

export function get(data, path) {
  return path.split('.').reduce((v, key) => (v === null || v === undefined ? undefined : v[key]), data);
}
