/** What start-up prints once the server listens: where it runs and how to get in. */
import type { Config } from '../config';
import { DEMO_ENTERPRISE_CODE, DEMO_USERS } from '../services/demo';
import type { FirstRun } from './firstRun';

export function startupBanner(opts: { url: string; config: Config; storeKind: string; mailKind: string; firstRun: FirstRun }): string[] {
  const { url, config, firstRun } = opts;
  const lines = [
    '',
    `ServiceStar is running at ${url}`,
    `store: ${opts.storeKind}${opts.storeKind === 'embedded' ? ` (${config.dataDir})` : ''} · mail: ${opts.mailKind}`,
    config.workers > 1 ? `workers: ${config.workers} app processes (WORKERS=${config.workers})` : 'workers: 1 app process (WORKERS=1)',
  ];
  if (firstRun.setupPath) {
    lines.push(
      'no platform operator yet: open this one-time setup URL to create one (it stays valid until used, and is printed at each start until then):',
      `  ${url}${firstRun.setupPath}`,
      '  or from a shell: npm run setup -- --email you@example.com',
    );
  }
  if (firstRun.showDemoLogins) {
    lines.push(firstRun.demo === 'seeded' ? 'demo data loaded; logins:' : 'demo logins:');
    for (const u of DEMO_USERS)
      lines.push(`  ${u.email.padEnd(24)} ${`${u.role}${u.siteCode ? ` ${u.siteCode}` : ''}`.padEnd(16)} password: ${config.demoPassword}`);
    lines.push(
      opts.mailKind === 'outbox'
        ? `survey links to answer as a customer: invitation mails in ${url}/admin/outbox (admin login)`
        : `survey links: the demo invitations went to @demo.test addresses over SMTP; walk-in links and QR posters are on ${url}/campaigns`,
    );
  } else if (firstRun.demo !== 'absent') {
    lines.push(
      `warning: the demo enterprise (${DEMO_ENTERPRISE_CODE}, @demo.test logins with one shared password) is in this production store: disable or delete those accounts`,
    );
  }
  return lines;
}
