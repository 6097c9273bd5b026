/** One line of the proof table. */
export interface ProofResult {
  name: string;
  pass: boolean;
  /** The figures measured, in one line. */
  figures: string;
  /** Informational rows never fail the run (e.g. the dependency audit). */
  informational?: boolean;
}

export function printTable(results: ProofResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 5);
  const lines = [`${'proof'.padEnd(width)}  result  figures`, `${'-'.repeat(width)}  ------  -------`];
  for (const r of results) lines.push(`${r.name.padEnd(width)}  ${(r.informational ? 'INFO' : r.pass ? 'PASS' : 'FAIL').padEnd(6)}  ${r.figures}`);
  return lines.join('\n');
}
