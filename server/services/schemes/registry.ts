/**
 * Scheme versions: those shipped as files and those an operator published.
 * Published versions live in the platform-wide `schemes` collection (no
 * enterprise owns a scheme; every project may pin one) and never change:
 * a revision is a new version, numbered after the highest one of its code.
 */
import { ConflictError, NotFoundError } from '../../errors';
import { DuplicateKeyError, type Doc, type Store } from '../../store/types';
import { recordPlatformAudit } from '../auditLog';
import { nowIso, type Actor } from '../context';
import { assertAllowed } from '../policy';
import { checkScheme } from './check';
import { shippedSchemes } from './shipped';
import { schemeKey, type RegisteredScheme, type Scheme, type SchemeContent, type SchemeRef } from './types';

export const SCHEMES_COLLECTION = 'schemes';

interface StoredScheme extends Doc, Scheme {
  publishedAt: string;
  publishedBy: string;
}

function registered(doc: StoredScheme): RegisteredScheme {
  const { _id: _i, ...scheme } = doc;
  return { ...scheme, origin: 'published' };
}

/** Every version, shipped first, then by code and version. */
export async function listSchemes(root: Store): Promise<RegisteredScheme[]> {
  const published = (await root.collection<StoredScheme>(SCHEMES_COLLECTION).find({}, { sort: { code: 1, version: 1 }, limit: 1000 })).map(registered);
  return [...shippedSchemes().values(), ...published];
}

/** One version; NotFoundError names it when it does not exist. */
export async function getScheme(root: Store, ref: SchemeRef): Promise<RegisteredScheme> {
  const key = schemeKey(ref);
  const shipped = shippedSchemes().get(key);
  if (shipped) return shipped;
  const found = await root.collection<StoredScheme>(SCHEMES_COLLECTION).findOne({ _id: key });
  if (!found) throw new NotFoundError(`scheme ${key}`);
  return registered(found);
}

/**
 * Publishes the next version of `content.code`. Two operators publishing at
 * once race for the same number: the unique _id lets one win, the other is
 * told to try again, so a version is never overwritten.
 */
export async function publishScheme(root: Store, actor: Actor, content: SchemeContent): Promise<RegisteredScheme> {
  assertAllowed(actor, 'schemes', 'publish');
  checkScheme(content);
  const versions = (await listSchemes(root)).filter((s) => s.code === content.code).map((s) => s.version);
  const version = Math.max(0, ...versions) + 1;
  const doc: StoredScheme = { _id: schemeKey({ code: content.code, version }), ...content, version, publishedAt: nowIso(), publishedBy: actor.userId };
  try {
    await root.withTransaction(async (tx) => {
      await tx.collection<StoredScheme>(SCHEMES_COLLECTION).insertOne(doc);
      await recordPlatformAudit(tx, actor, 'scheme.publish', SCHEMES_COLLECTION, doc._id, { code: content.code, version });
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError)
      throw new ConflictError(`version: ${doc._id} was just published by someone else; reload and publish again`, 'version');
    throw err;
  }
  return registered(doc);
}
