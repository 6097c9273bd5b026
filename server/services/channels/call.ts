/** Follow-up calls (回访): agents call sampled service cases and record the customer's answers. */
import { defineChannel } from './types';

export const callChannel = defineChannel({
  code: 'call',
  label: { name: 'channels.call.name', short: 'channels.call.short', blankTemplate: 'channels.call.blankTemplate' },
  colour: '#1a7f37',
  defaultWeight: 0.3,
  lowSample: { kind: 'minResponses', n: 30 },
  capture: { path: '/agent', resource: 'calls', verb: 'work', menu: { label: 'nav.agent', group: 'followUp' } },
  voice: 'customer',
  evidence: ['perceived'],
});
