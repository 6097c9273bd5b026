/**
 * The demo seed with every capability's demo data registered. Entry points
 * (server/main.ts, scripts/seed-demo.ts) import from here, not from seed.ts,
 * so that the seeders below are always on the list.
 */
import { demoSeeders } from './seed';
import { seedDemoTemplates } from './templates';
import { seedDemoCalls } from '../calls/demo';
import { seedDemoCampaign } from './campaigns';
import { seedDemoAudit } from './audits';
import { seedDemoVisits } from './visits';
import { seedDemoDashboard } from './dashboard';

export * from './seed';

if (!demoSeeders.some((s) => s.name === 'templates')) demoSeeders.push({ name: 'templates', run: seedDemoTemplates });
// After templates: the campaign answers the published survey version.
if (!demoSeeders.some((s) => s.name === 'campaigns')) demoSeeders.push({ name: 'campaigns', run: seedDemoCampaign });
// Before the audits: a year of completed calls feeds the call channel of the scores they project.
if (!demoSeeders.some((s) => s.name === 'calls')) demoSeeders.push({ name: 'calls', run: seedDemoCalls });
// Before the audits too: a year of approved mystery visits feeds the mystery channel.
if (!demoSeeders.some((s) => s.name === 'visits')) demoSeeders.push({ name: 'visits', run: seedDemoVisits });
// After every channel: follow-up tasks for the low scores among their responses.
if (!demoSeeders.some((s) => s.name === 'follow-ups')) demoSeeders.push({ name: 'follow-ups', run: seedDemoDashboard });
if (!demoSeeders.some((s) => s.name === 'audits')) demoSeeders.push({ name: 'audits', run: seedDemoAudit });
