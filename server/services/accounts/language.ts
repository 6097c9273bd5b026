/**
 * The language a person reads ServiceStar in belongs to their account, not to
 * one browser: mails sent to them (password links, alerts) follow it, and it
 * comes back when they sign in on another device. Choosing a language while
 * signed in (or on the login page) saves it; the change is audit-logged like
 * any other change to the account.
 */
import type { Locale } from '../../i18n';
import type { Store } from '../../store/types';
import { recordAudit } from '../auditLog';
import { tenantContext } from '../context';
import { actorOf, type User } from './users';

/** Saves `locale` as the user's language; nothing is written when it is already theirs. */
export async function rememberLanguage(root: Store, user: User, locale: Locale): Promise<void> {
  if (user.locale === locale) return;
  await root.withTransaction(async (tx) => {
    const { matched } = await tx.collection<User>('users').updateOne({ _id: user._id }, { $set: { locale } });
    // The platform operator's own account belongs to no enterprise, so it has no audit log to write to.
    if (matched && user.enterpriseId) {
      await recordAudit(tenantContext(tx, actorOf(user)), 'user.setLanguage', 'users', user._id, { from: user.locale ?? null, to: locale });
    }
  });
}
