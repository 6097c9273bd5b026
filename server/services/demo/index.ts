/**
 * The demo seed with every capability's demo data registered. Entry points
 * (server/main.ts, scripts/seed-demo.ts) import from here, not from seed.ts,
 * so that the seeders below are always on the list.
 */
import { demoSeeders } from './seed';
import { seedDemoTemplates } from './templates';

export * from './seed';

if (!demoSeeders.some((s) => s.name === 'templates')) demoSeeders.push({ name: 'templates', run: seedDemoTemplates });
