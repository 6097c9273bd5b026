/** Customer survey links: personal or site links sent by campaigns, answered by the customer. */
import { defineChannel } from './types';

export const surveyChannel = defineChannel({
  code: 'survey',
  label: { name: 'channels.survey.name', short: 'channels.survey.short', blankTemplate: 'channels.survey.blankTemplate' },
  colour: '#0b5cad',
  defaultWeight: 0.4,
  lowSample: { kind: 'minResponses', n: 30 },
  capture: { path: '/campaigns', resource: 'campaigns', verb: 'read', menu: { label: 'nav.campaigns', group: 'collect' } },
  voice: 'customer',
  evidence: ['perceived'],
});
