/** The supervisor view: progress against quota per site, the AAPOR-style rates (defined on the page) and calls per agent. */
import type { Router } from 'express';
import { supervisorReport } from '../../services/calls/progress';
import { OUTCOMES } from '../../services/calls/types';
import { ctxOf, allow } from '../middleware/auth';
import { parse } from '../validate';
import { queryOf } from './access';
import { figureRow } from './format';
import { defaultPeriod, periodShortcuts } from './period';
import { periodQuerySchema } from './schema';

export function supervisorPages(pages: Router): void {
  pages.get('/calls/supervisor', allow('calls', 'supervise'), async (req, res) => {
    const ctx = ctxOf(req);
    const period = await defaultPeriod(ctx, parse(periodQuerySchema, queryOf(req)));
    const report = await supervisorReport(ctx, period);
    const t = res.locals.t as (k: string) => string;
    res.render('pages/call-supervisor', {
      title: t('calls.supervisor.title'),
      period,
      shortcuts: periodShortcuts(period.today).map((s) => ({ ...s, label: t(`calls.period.${s.key}`), current: s.from === period.from && s.to === period.to })),
      sites: report.sites.map(figureRow),
      total: figureRow(report.total),
      outcomes: OUTCOMES.map((o) => ({ value: o, label: t(`calls.outcome.${o}`) })),
      agents: report.agents.map((a) => ({ ...a, cells: OUTCOMES.map((o) => a.byOutcome[o]) })),
    });
  });
}
