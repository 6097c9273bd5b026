/**
 * The score benchmark, small: 5,000 responses at 5 sites. No timing is
 * asserted here; what must hold at any size is that rollups, a raw scan and
 * a rebuild all give the same answers, and that generated responses look
 * exactly like submitted ones.
 */
import { runScoresBenchmark, type BenchReport } from '../../scripts/bench/scores/run';
import { generateResponses } from '../../scripts/bench/scores/generate';
import { createBenchWorld } from '../../scripts/bench/scores/setup';
import { dataWindow } from '../../scripts/bench/scores/window';
import { submitResponse } from '../../server/services/responses/submit';
import type { ResponseDoc } from '../../server/services/responses/types';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HEAVY_MS } from '../helpers/timeouts';

let report: BenchReport;
beforeAll(async () => {
  report = await runScoresBenchmark({ responses: 5000, sites: 5, queryRuns: 3, scanRuns: 1 });
}, HEAVY_MS);

test('stores every generated response and counts all but the visits pending review', () => {
  const g = report.generate;
  expect(g.responses).toBe(5000);
  expect(g.byChannel.survey + g.byChannel.call + g.byChannel.mystery).toBe(5000);
  // The mix is 60/25/15 up to sampling noise.
  expect(g.byChannel.survey / 5000).toBeGreaterThan(0.55);
  expect(g.byChannel.mystery / 5000).toBeLessThan(0.2);
  expect(g.counted + g.pending).toBe(5000);
  expect(g.pending).toBeGreaterThan(0);
  expect(report.rebuild.responses).toBe(g.counted);
});

test('every scope gives the same CPSQ result from rollups as from scanning raw responses', () => {
  expect(report.scenarios).toHaveLength(4);
  for (const s of report.scenarios) {
    expect({ scope: s.name, differences: s.differences }).toEqual({ scope: s.name, differences: [] });
    expect(s.responses).toBeGreaterThan(0);
    expect(s.cpsq).not.toBeNull();
  }
  // The enterprise year holds every counted response.
  expect(report.scenarios[0].responses).toBe(report.generate.counted);
  expect(report.scenarios[0].scanRead).toBe(report.generate.counted);
});

test('a full rebuild reproduces the generated rollups exactly, document for document', () => {
  expect(report.rebuild.equalsGenerated).toBe(true);
  expect(report.rebuild.rollups).toBe(report.generate.rollups);
  // Nothing had drifted: the swap writes no cell.
  expect(report.rebuild.rewritten).toBe(0);
});

test('a rebuild after every cell drifted writes every cell back to the generated rollups', () => {
  expect(report.repair.equalsGenerated).toBe(true);
  expect(report.repair.rewritten).toBe(report.generate.rollups);
});

test('a generated response has the same fields as one stored by submitResponse', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-bench-shape-'));
  const world = await createBenchWorld(dir, 1);
  try {
    await generateResponses(world, dataWindow(world.tzOffsetMinutes), 20);
    const generated = await world.ctx.store.collection<ResponseDoc>('responses').findOne({ channel: 'survey', countedAt: { $exists: true } });
    const { templateId, version } = world.templates.survey;
    const { response } = await submitResponse(world.ctx, {
      templateId,
      templateVersion: version,
      siteId: world.sites[0]._id,
      channel: 'survey',
      answers: generated!.answers,
      source: 'import',
      respondedAt: generated!.respondedAt,
    });
    expect(Object.keys(generated!).sort()).toEqual(Object.keys(response).sort());
    expect(generated!.contribution).toEqual(response.contribution);
    expect(generated!.fingerprint).toBe(response.fingerprint);
  } finally {
    await world.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
