/**
 * Mystery-shop visits (暗访): trained shoppers pose as customers and tick a checklist.
 * What they observe is customer-perceived evidence (domain.md §2); on-site-only
 * indicators stay the auditor's judgement, so they are not offered here either.
 */
import { defineChannel } from './types';

export const mysteryChannel = defineChannel({
  code: 'mystery',
  label: { name: 'channels.mystery.name', short: 'channels.mystery.short', blankTemplate: 'channels.mystery.blankTemplate' },
  colour: '#9a6700',
  defaultWeight: 0.3,
  // Visits are planned per site and period: the sample is thin when fewer were done than planned.
  lowSample: { kind: 'visitPlan' },
  capture: { path: '/my-visits', resource: 'visits', verb: 'work', menu: { label: 'nav.myVisits', group: 'collect' } },
  voice: 'shopper',
  evidence: ['perceived'],
  // A visit is a checklist walked part by part, with photos as evidence and critical items that can fail it.
  templates: { scoredTypes: ['checklist'], photos: true, criticalFailure: true, sectionWeights: true },
});
