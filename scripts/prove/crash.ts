/**
 * Proof 2, crash: SIGKILL the server in the middle of submission traffic (the
 * load proof's mix: links, API surveys, calls, visits), restart it on the same
 * data, and check that every acknowledged submission is counted exactly once
 * and the rollups equal a rebuild. Repeated `rounds` times on the same store,
 * the acknowledgements of all rounds together.
 */
import { randomInt } from 'node:crypto';
import { isUp, startServerProcess } from './server';
import type { ProofResult } from './result';
import { ackedCount, describeFailures, runTraffic, signIn, worldFor, type Acked, type TrafficResult, type Used } from './traffic';
import { storedFacts } from './verify';
import { buildProveWorld, removeWorld } from './world';

export async function proveCrash(opts: { rounds: number; ratePerSecond: number; seconds: number }): Promise<ProofResult> {
  const world = await buildProveWorld(worldFor(opts.rounds * opts.seconds * opts.ratePerSecond));
  const acked: Acked = { apiKeys: [], recipientIds: [], caseRefs: [], visitIds: [] };
  const problems: string[] = [];
  let used: Used = { links: 0, visits: 0 };
  let killedInFlight = 0;
  let stored = 0;
  let unacknowledged = 0;
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const server = await startServerProcess(world.dir);
      // Signed in before the clock starts: the kill is meant for submissions, not logins.
      const workforce = await signIn(server.url, world);
      // The kill lands somewhere in the middle 60% of the traffic, and not before a call and a visit
      // were acknowledged (on a busy machine they come later): the proof is about all four kinds.
      const killAfterMs = Math.round(opts.seconds * 1000 * (0.2 + randomInt(600) / 1000));
      let eachKindAcked = () => {};
      const callAndVisitAcked = new Promise<void>((resolve) => (eachKindAcked = resolve));
      const planned = new Promise<void>((resolve) => setTimeout(resolve, killAfterMs));
      const killed = Promise.all([planned, callAndVisitAcked]).then(() => server.kill('SIGKILL'));
      const onAck = (a: Acked) => void (a.caseRefs.length + acked.caseRefs.length > 0 && a.visitIds.length + acked.visitIds.length > 0 && eachKindAcked());
      const traffic: TrafficResult = await runTraffic(
        server.url,
        world,
        workforce,
        { ratePerSecond: opts.ratePerSecond, seconds: opts.seconds, stop: killed, onAck },
        `crash${round}`,
        used,
      );
      // Traffic over without a call or a visit: kill now; the pass condition below reports what is missing.
      eachKindAcked();
      await killed;
      if (server.child.signalCode !== 'SIGKILL')
        problems.push(`round ${round}: server ended by ${server.child.signalCode ?? server.child.exitCode}, not SIGKILL`);
      used = traffic.used;
      for (const k of Object.keys(acked) as (keyof Acked)[]) acked[k].push(...traffic.acked[k]);
      killedInFlight += traffic.unanswered;
      // Requests cut by the kill have no answer; any other failure is a real error.
      const realFailures = new Map([...traffic.failures].filter(([label]) => !label.endsWith(' no answer')));
      if (realFailures.size) problems.push(`round ${round}: ${describeFailures(realFailures)}`);
      const facts = await storedFacts(world, acked);
      stored = facts.responses;
      unacknowledged = facts.unacknowledged;
      if (facts.missing.length) problems.push(`round ${round}: ${facts.missing.length} acknowledged but not counted (e.g. ${facts.missing[0]})`);
      if (facts.duplicated.length) problems.push(`round ${round}: ${facts.duplicated.length} counted twice (e.g. ${facts.duplicated[0]})`);
      if (facts.unlinked.length)
        problems.push(`round ${round}: ${facts.unlinked.length} calls/visits not pointing at their counted response (e.g. ${facts.unlinked[0]})`);
      if (facts.rollupMismatches) problems.push(`round ${round}: ${facts.rollupMismatches} rollup documents differ from a rebuild`);
    }
    // The last restart: the server comes back on the data the kills left.
    const server = await startServerProcess(world.dir);
    if (!(await isUp(server.url))) problems.push('server did not come back after the last kill');
    await server.kill('SIGTERM');
    const total = ackedCount(acked);
    const mix = `links ${acked.recipientIds.length}, API ${acked.apiKeys.length}, calls ${acked.caseRefs.length}, visits ${acked.visitIds.length}`;
    return {
      name: 'crash',
      pass: problems.length === 0 && total > 0 && acked.caseRefs.length > 0 && acked.visitIds.length > 0,
      figures: `${opts.rounds} × SIGKILL mid-load (${opts.ratePerSecond}/s): ${total} acknowledged (${mix})${problems.length ? '' : ', all counted exactly once, rollups = rebuild'}; ${stored} responses stored in all (${unacknowledged} counted but unacknowledged), ${killedInFlight} requests cut off in flight${problems.length ? `; PROBLEMS: ${problems.join('; ')}` : ''}`,
    };
  } finally {
    removeWorld(world);
  }
}
