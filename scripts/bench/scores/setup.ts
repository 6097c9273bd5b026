/**
 * The benchmark's world: a fresh store in its own data dir, one enterprise
 * with N sites, and the three default templates published, all made through
 * the same services as in production.
 */
import { ensureCoreIndexes } from '../../../server/store/indexes';
import { openEmbeddedStore } from '../../../server/store/embedded';
import type { Store } from '../../../server/store/types';
import { createEnterprise, type Enterprise } from '../../../server/services/accounts/enterprises';
import { createSite, type Site } from '../../../server/services/accounts/sites';
import { systemActor, tenantContext, type TenantContext } from '../../../server/services/context';
import { loadDefaultTemplates } from '../../../server/services/templates/defaults';
import { CHANNELS, type Channel, type TemplateContent } from '../../../server/services/templates/types';
import { createTemplate, publish } from '../../../server/services/templates/versions';

export interface PublishedTemplate {
  templateId: string;
  version: number;
  content: TemplateContent;
}

export interface BenchWorld {
  store: Store;
  ctx: TenantContext;
  tzOffsetMinutes: number;
  sites: Site[];
  templates: Record<Channel, PublishedTemplate>;
}

const BENCH_ENTERPRISE = 'bench-huaxing';

/** What --reuse needs of a world a run with --dir left behind: the store and the enterprise, found by its code. */
export async function openKeptWorld(dataDir: string): Promise<Pick<BenchWorld, 'store' | 'ctx' | 'tzOffsetMinutes'>> {
  const store = await openEmbeddedStore(dataDir);
  const enterprise = await store.collection<Enterprise>('enterprises').findOne({ code: BENCH_ENTERPRISE });
  if (!enterprise) {
    await store.close();
    throw new Error(`${dataDir} holds no benchmark data: run once with --dir ${dataDir} (without --reuse) to generate it`);
  }
  return { store, ctx: tenantContext(store, systemActor(enterprise._id)), tzOffsetMinutes: enterprise.tzOffsetMinutes };
}

const OPERATOR = { userId: 'bench', role: 'operator' as const, enterpriseId: null, via: 'system' as const };
const TZ_CHINA = 480;

export async function createBenchWorld(dataDir: string, siteCount: number): Promise<BenchWorld> {
  const store = await openEmbeddedStore(dataDir);
  await ensureCoreIndexes(store);
  const { enterprise } = await createEnterprise(store, OPERATOR, {
    code: BENCH_ENTERPRISE,
    name: '华星家电服务 (benchmark)',
    tzOffsetMinutes: TZ_CHINA,
    admin: { email: 'admin@bench.test', name: 'Bench admin', password: 'bench-password-1' },
  });
  const ctx = tenantContext(store, systemActor(enterprise._id));
  const cities = ['北京', '上海', '广州', '成都', '武汉', '西安', '杭州', '南京', '重庆', '天津'];
  const sites: Site[] = [];
  for (let i = 1; i <= siteCount; i++) {
    const code = `S${String(i).padStart(3, '0')}`;
    sites.push(await createSite(ctx, { code, name: `服务网点 ${code}`, city: cities[i % cities.length]! }));
  }
  const templates = {} as Record<Channel, PublishedTemplate>;
  for (const content of loadDefaultTemplates()) {
    const template = await createTemplate(ctx, content);
    const version = await publish(ctx, template._id);
    templates[content.channel] = { templateId: template._id, version: version.version, content: version.content };
  }
  for (const channel of CHANNELS) {
    if (!templates[channel]) throw new Error(`no default ${channel} template in surveys/templates`);
  }
  return { store, ctx, tzOffsetMinutes: enterprise.tzOffsetMinutes, sites, templates };
}
