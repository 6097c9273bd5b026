/** The lines printed once the server answers: where, on which store, how many processes, and the demo logins. */
import type { Config } from './config';
import { DEMO_USERS } from './services/demo';

export interface BannerFacts {
  url: string;
  storeKind: string;
  mailKind: string;
  /** Whether this start loaded the demo data (only when SEED_DEMO=auto). */
  seeded: boolean;
}

export function startupBanner(config: Config, facts: BannerFacts): string {
  const { url } = facts;
  const lines = [
    '',
    `ServiceStar is running at ${url}`,
    `store: ${facts.storeKind}${facts.storeKind === 'embedded' ? ` (${config.dataDir})` : ''} · mail: ${facts.mailKind}`,
    config.workers > 1 ? `workers: ${config.workers} app processes (WORKERS=${config.workers})` : 'workers: 1 app process (WORKERS=1)',
  ];
  if (config.seedDemo === 'auto') {
    lines.push(facts.seeded ? 'demo data loaded; logins:' : 'demo logins:');
    for (const u of DEMO_USERS) lines.push(`  ${u.email.padEnd(22)} ${u.role.padEnd(9)} password: ${config.demoPassword}`);
    lines.push(facts.mailKind === 'outbox' ? `survey links to answer as a customer: invitation mails in ${url}/admin/outbox (admin login)` : `survey links: the demo invitations went to @demo.test addresses over SMTP; walk-in links and QR posters are on ${url}/campaigns`);
  }
  return lines.join('\n') + '\n';
}
