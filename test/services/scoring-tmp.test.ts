import { tQuantile, studentTCdf } from '../../server/services/scoring/studentT';
test('x', () => {
  for (const df of [1e6, 1e7, 1e8, 1e9, 1e12, Infinity]) {
    const q = tQuantile(0.975, df);
    console.log(df, q, q-1.959963984540054);
  }
});
