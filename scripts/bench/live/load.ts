/**
 * Open-loop submissions: the schedule says when each one is due (rate × time),
 * independent of how fast the server answers; at most `maxInFlight` wait at once,
 * and a due submission that finds the bound full is skipped and counted.
 */
import { randomUUID } from 'node:crypto';
import type { LiveWorld } from './world';
import { repairPathAnswers } from '../../fixtures/defaultSurvey';

export interface Ack {
  responseId: string;
  siteId: string;
  sent: number;
  ack: number;
}

export interface LoadResult {
  acks: Ack[];
  due: number;
  skipped: number;
  errors: Map<string, number>;
  elapsedMs: number;
}

const ANSWERS = repairPathAnswers('实时推送基准');

export async function runLoad(
  url: string,
  world: LiveWorld,
  opts: { rate: number; seconds: number; maxInFlight: number; onTick?: (done: number) => void },
): Promise<LoadResult> {
  const total = Math.round(opts.rate * opts.seconds);
  const acks: Ack[] = [];
  const errors = new Map<string, number>();
  const fail = (why: string): void => void errors.set(why, (errors.get(why) ?? 0) + 1);
  let scheduled = 0;
  let skipped = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();

  const submit = async (i: number) => {
    const site = world.sites[i % world.sites.length]!;
    const body = JSON.stringify({
      templateId: world.templateId,
      templateVersion: world.templateVersion,
      siteCode: site.code,
      channel: 'survey',
      answers: ANSWERS,
    });
    const sent = performance.now();
    try {
      const res = await fetch(`${url}/api/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.apiToken}`, 'content-type': 'application/json', 'idempotency-key': `live-${randomUUID()}` },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text(); // the acknowledgement is complete only with its body
      const ack = performance.now();
      if (res.status !== 201) return fail(`HTTP ${res.status} ${text.slice(0, 80)}`);
      acks.push({ responseId: (JSON.parse(text) as { response: { _id: string } }).response._id, siteId: site.id, sent, ack });
    } catch (err) {
      fail(String((err as Error).cause ?? (err as Error).message).slice(0, 80));
    }
  };

  const started = performance.now();
  const endAt = started + opts.seconds * 1000;
  while (scheduled < total && performance.now() < endAt) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * opts.rate));
    for (; scheduled < due; scheduled++) {
      if (inFlight >= opts.maxInFlight) {
        skipped++;
        continue;
      }
      inFlight++;
      const p: Promise<void> = submit(scheduled).finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
    opts.onTick?.(scheduled);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return { acks, due: scheduled, skipped, errors, elapsedMs: performance.now() - started };
}
