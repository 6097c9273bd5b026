/**
 * Proof 2, crash: SIGKILL the server in the middle of submission traffic,
 * restart it on the same data, and check that every acknowledged submission is
 * stored exactly once and the rollups equal a rebuild. Repeated `rounds` times
 * on the same store, the acknowledgements of all rounds together.
 */
import { randomInt } from 'node:crypto';
import { isUp, startServerProcess } from './server';
import type { ProofResult } from './result';
import { describeFailures, runTraffic, type TrafficResult } from './traffic';
import { storedFacts } from './verify';
import { buildProveWorld, removeWorld } from './world';

export async function proveCrash(opts: { rounds: number; ratePerSecond: number; seconds: number }): Promise<ProofResult> {
  const world = await buildProveWorld({ recipients: Math.ceil(opts.rounds * opts.seconds * opts.ratePerSecond * 0.3) + 10 });
  const acked = { apiKeys: [] as string[], recipientIds: [] as string[] };
  const problems: string[] = [];
  let linksUsed = 0;
  let killedInFlight = 0;
  let stored = 0;
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const server = await startServerProcess(world.dir);
      // The kill lands somewhere in the middle 60% of the traffic.
      const killAfterMs = Math.round(opts.seconds * 1000 * (0.2 + randomInt(600) / 1000));
      const killed = new Promise<void>((resolve) => setTimeout(() => void server.kill('SIGKILL').then(resolve), killAfterMs));
      const traffic: TrafficResult = await runTraffic(server.url, world, { ratePerSecond: opts.ratePerSecond, seconds: opts.seconds, stop: killed }, `crash${round}`, linksUsed);
      await killed;
      if (server.child.signalCode !== 'SIGKILL') problems.push(`round ${round}: server ended by ${server.child.signalCode ?? server.child.exitCode}, not SIGKILL`);
      linksUsed = traffic.linksUsed;
      acked.apiKeys.push(...traffic.acked.apiKeys);
      acked.recipientIds.push(...traffic.acked.recipientIds);
      killedInFlight += traffic.failures.get(0) ?? 0;
      // Requests cut by the kill have no answer (status 0); any other failure is a real error.
      const realFailures = new Map([...traffic.failures].filter(([s]) => s !== 0));
      if (realFailures.size) problems.push(`round ${round}: ${describeFailures(realFailures)}`);
      const facts = await storedFacts(world, acked);
      stored = facts.responses;
      if (facts.missing.length) problems.push(`round ${round}: ${facts.missing.length} acknowledged but not stored (e.g. ${facts.missing[0]})`);
      if (facts.duplicated.length) problems.push(`round ${round}: ${facts.duplicated.length} stored twice (e.g. ${facts.duplicated[0]})`);
      if (facts.rollupMismatches) problems.push(`round ${round}: ${facts.rollupMismatches} rollup documents differ from a rebuild`);
    }
    // The last restart: the server comes back on the data the kills left.
    const server = await startServerProcess(world.dir);
    if (!(await isUp(server.url))) problems.push('server did not come back after the last kill');
    await server.kill('SIGTERM');
    const total = acked.apiKeys.length + acked.recipientIds.length;
    return {
      name: 'crash',
      pass: problems.length === 0 && total > 0,
      figures: `${opts.rounds} × SIGKILL mid-load (${opts.ratePerSecond}/s): ${total} acknowledged${problems.length ? '' : ', all stored exactly once, rollups = rebuild'}; ${stored} stored in all (${stored - total} unacknowledged but complete), ${killedInFlight} cut off in flight${problems.length ? `; PROBLEMS: ${problems.join('; ')}` : ''}`,
    };
  } finally {
    removeWorld(world);
  }
}
