/**
 * Mystery answers that arrive as an import (source 'import') count only once a
 * reviewer approves them, like those from the API: without approval they wait
 * in the review queue; they cannot be forced to count; approval counts them once.
 */
import { getScores } from '../../server/services/scores/query';
import { approveMysteryResponse, pendingMysteryResponses } from '../../server/services/responses/mysteryReview';
import { submitResponse } from '../../server/services/responses/submit';
import { tenantContext } from '../../server/services/context';
import { checklistAnswers } from '../helpers/visits';
import { publishDefaultTemplate } from '../helpers/templates';
import { buildTenant, buildWorld, type World } from '../helpers/world';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

test('an imported mystery response moves no score until approved, then counts once', async () => {
  const tenant = await buildTenant(world.store);
  const reviewer = tenantContext(world.store, { userId: tenant.users.reviewer!._id, role: 'reviewer', enterpriseId: tenant.enterpriseId, via: 'session' });
  const { templateId, version } = await publishDefaultTemplate(tenant.ctx, 'mystery');
  const input = {
    templateId,
    templateVersion: version,
    siteId: tenant.sites[0]._id,
    channel: 'mystery' as const,
    answers: checklistAnswers(),
    source: 'import' as const,
  };
  const mysteryCount = async () => (await getScores(tenant.ctx, {})).channels.mystery.responses;

  const { response } = await submitResponse(tenant.ctx, input);
  expect(response.countedAt).toBeUndefined();
  expect(await mysteryCount()).toBe(0);
  await expect(submitResponse(tenant.ctx, { ...input, counted: true })).rejects.toMatchObject({ status: 400, field: 'approved' });
  expect((await pendingMysteryResponses(reviewer)).map((r) => r._id)).toEqual([response._id]);

  await approveMysteryResponse(reviewer, response._id);
  await approveMysteryResponse(reviewer, response._id);
  expect(await mysteryCount()).toBe(1);
  expect(await pendingMysteryResponses(reviewer)).toEqual([]);
});

test('an imported mystery response approved in the same request by a reviewer counts at once', async () => {
  const tenant = await buildTenant(world.store);
  const { templateId, version } = await publishDefaultTemplate(tenant.ctx, 'mystery');
  const { response } = await submitResponse(tenant.ctx, {
    templateId,
    templateVersion: version,
    siteId: tenant.sites[0]._id,
    channel: 'mystery',
    answers: checklistAnswers(),
    source: 'import',
    approvedBy: tenant.users.reviewer!._id,
  });
  expect(response.countedAt).toBeDefined();
  expect((await getScores(tenant.ctx, {})).channels.mystery.responses).toBe(1);
});
