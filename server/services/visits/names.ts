/** Display names for visit tables: sites the caller sees, and the people who plan, shop and review. */
import type { Locale } from '../../i18n';
import { nameIn } from '../accounts/names';
import { listSites } from '../accounts/sites';
import type { User } from '../accounts/users';
import type { TenantContext } from '../context';

/** Site id → "CODE name" (the English name on English pages, when there is one) and user id → name. */
export async function visitDisplayNames(ctx: TenantContext, locale: Locale): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const s of await listSites(ctx)) names.set(s._id, `${s.code} ${nameIn(s, locale)}`);
  const people = await ctx.store.collection<User>('users').find({ role: { $in: ['shopper', 'reviewer', 'admin'] } }, { fields: ['_id', 'name'] });
  for (const u of people) names.set(u._id, u.name);
  return names;
}
