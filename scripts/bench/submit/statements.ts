/** Statement counts of a run (the embedded store's per-collection reads and writes) as figures per submission. */
import type { StatementCounts } from './serve';

export interface PerSubmission {
  reads: number;
  writes: number;
  /** Writes to rollup cells (collections named rollups…): the rows a submission touches there. */
  rollupRows: number;
  byCollection: Array<{ name: string; reads: number; writes: number }>;
}

export function perSubmission(before: StatementCounts | null, after: StatementCounts | null, submissions: number): PerSubmission | null {
  if (!before || !after || submissions <= 0) return null;
  const byCollection = Object.entries(after)
    .map(([name, c]) => ({ name, reads: (c.reads - (before[name]?.reads ?? 0)) / submissions, writes: (c.writes - (before[name]?.writes ?? 0)) / submissions }))
    .filter((c) => c.reads > 0 || c.writes > 0)
    .sort((a, b) => b.reads + b.writes - (a.reads + a.writes));
  const sum = (pick: (c: (typeof byCollection)[number]) => number) => byCollection.reduce((n, c) => n + pick(c), 0);
  return { reads: sum((c) => c.reads), writes: sum((c) => c.writes), rollupRows: sum((c) => (c.name.startsWith('rollups') ? c.writes : 0)), byCollection };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function statementLine(p: PerSubmission): string {
  const detail = p.byCollection.map((c) => `${c.name} ${fmt(c.reads)}r/${fmt(c.writes)}w`).join(', ');
  return `${fmt(p.reads)} reads, ${fmt(p.writes)} writes, ${fmt(p.rollupRows)} rollup rows touched (${detail})`;
}
