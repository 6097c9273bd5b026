/** `GET /api/v1/scores` and the certification project settings behind them. */
import { Router } from 'express';
import { z } from 'zod';
import { dayField } from '../dayField';
import { channels } from '../../services/channels';
import { getProject, updateProject } from '../../services/scores/projects';
import { getScores, type Period } from '../../services/scores/query';
import { CHANNELS, type Channel } from '../../services/templates/types';
import { ctxOf, allow } from '../middleware/auth';
import { parse } from '../validate';

const PERIODS = ['day', 'week', 'month', 'quarter', 'year', 'certificationYear'] as const;

const scoreQuerySchema = z
  .object({
    site: z.string().max(100).optional(),
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
    at: z.string().max(10).optional(),
    period: z.enum(PERIODS, { message: `must be one of ${PERIODS.join(', ')}` }).optional(),
    channel: z.enum(CHANNELS as [string, ...string[]], { message: `must be one of ${CHANNELS.join(', ')}` }).optional(),
  })
  .strict();

const channelWeightsSchema = channels.weightsSchema();

const projectSchema = z
  .object({
    catalogue: z.object({ code: z.string().max(60), version: z.string().max(20) }).strict(),
    target: z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
    gateRule: z.enum(['point', 'lowerBound']),
    channelWeights: channelWeightsSchema,
    siteWeighting: z.enum(['pooled', 'equal']),
    auditWeighting: z.enum(['responses', 'equal', 'minimum']),
    pointOverrides: z.record(z.string().max(80), z.number().min(0, 'must be ≥ 0')),
    certificationStart: dayField,
  })
  .partial()
  .strict();

export function scoreRoutes() {
  const api = Router();
  api.get('/scores', allow('scores', 'read'), async (req, res) => {
    const q = parse(scoreQuerySchema, req.query);
    // `site` accepts a site code (as integrations know it) or a site id.
    const isId = q.site && /^[0-9a-f-]{36}$/.test(q.site);
    res.json(
      await getScores(ctxOf(req), {
        siteId: isId ? q.site : undefined,
        siteCode: isId ? undefined : q.site,
        from: q.from,
        to: q.to,
        at: q.at,
        period: q.period as Period | undefined,
        channel: q.channel as Channel | undefined,
      }),
    );
  });
  api.get('/project', allow('project', 'read'), async (req, res) => res.json({ project: await getProject(ctxOf(req)) }));
  api.put('/project', allow('project', 'manage'), async (req, res) => {
    res.json({ project: await updateProject(ctxOf(req), parse(projectSchema, req.body)) });
  });
  return { api };
}
