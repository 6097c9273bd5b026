/**
 * The live benchmark's data: one enterprise with N sites, a published survey,
 * an analyst (for the dashboard sockets) and an admin API token, written through
 * the services into a fresh DATA_DIR before the server process opens it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openIndexedStore } from '../../../server/compose';
import { createApiToken } from '../../../server/services/accounts/apiTokens';
import { createEnterprise } from '../../../server/services/accounts/enterprises';
import { createSite } from '../../../server/services/accounts/sites';
import { insertUser } from '../../../server/services/accounts/users';
import { systemActor, tenantContext } from '../../../server/services/context';
import { loadDefaultTemplates } from '../../../server/services/templates/defaults';
import { createTemplate, publish } from '../../../server/services/templates/versions';

export const LIVE_PASSWORD = 'live-bench-pass-1';

export interface LiveWorld {
  dir: string;
  analystEmail: string;
  apiToken: string;
  templateId: string;
  templateVersion: number;
  /** Site code → site id (events name the id, submissions the code). */
  sites: { code: string; id: string }[];
}

export async function buildLiveWorld(siteCount: number): Promise<LiveWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicestar-bench-live-'));
  const store = await openIndexedStore({ dataDir: dir });
  try {
    const operator = { userId: 'bench', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
    const { enterprise } = await createEnterprise(store, operator, {
      code: 'live-bench',
      name: '实时推送基准',
      admin: { email: 'admin@live.test', name: 'Admin', password: LIVE_PASSWORD },
    });
    const ctx = tenantContext(store, systemActor(enterprise._id));
    const sites: LiveWorld['sites'] = [];
    for (let i = 1; i <= siteCount; i++) {
      const site = await createSite(ctx, { code: `L${String(i).padStart(2, '0')}`, name: `基准网点 ${i}`, city: '上海' });
      sites.push({ code: site.code, id: site._id });
    }
    const analystEmail = 'analyst@live.test';
    await insertUser(store, { enterpriseId: enterprise._id, email: analystEmail, name: 'Analyst', role: 'analyst', password: LIVE_PASSWORD });
    const template = await createTemplate(
      ctx,
      loadDefaultTemplates().find((t) => t.channel === 'survey')!,
    );
    const version = await publish(ctx, template._id);
    const { token } = await createApiToken(ctx, { name: 'live-bench', role: 'admin' });
    return { dir, analystEmail, apiToken: token, templateId: template._id, templateVersion: version.version, sites };
  } finally {
    await store.close();
  }
}
