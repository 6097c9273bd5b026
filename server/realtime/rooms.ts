/**
 * The rooms a socket sits in, computed by the server from who the user is;
 * clients never ask to join one. Two kinds:
 * - audience rooms (everything published about an enterprise or a site): a user
 *   limited to some sites sits in those sites' rooms only, everyone else in
 *   the enterprise's room;
 * - score rooms, the same split, joined only by users the policy lets read
 *   scores: shoppers and agents have no dashboard and hear no score events.
 */
import type { Actor } from '../services/context';
import { allowed, isSiteLimited, seesAllSites } from '../services/policy';

export const enterpriseRoom = (id: string) => `enterprise:${id}`;
export const siteRoom = (id: string) => `site:${id}`;
export const enterpriseScoresRoom = (id: string) => `scores:enterprise:${id}`;
export const siteScoresRoom = (id: string) => `scores:site:${id}`;

export function roomsFor(actor: Actor & { enterpriseId: string }): string[] {
  const sites = isSiteLimited(actor) ? actor.siteIds! : [];
  // Neither limited to sites nor seeing them all (a site manager not yet given sites): no room at all.
  if (!sites.length && !seesAllSites(actor)) return [];
  const audience = sites.length ? sites.map(siteRoom) : [enterpriseRoom(actor.enterpriseId)];
  if (!allowed(actor, 'scores', 'read')) return audience;
  const scores = sites.length ? sites.map(siteScoresRoom) : [enterpriseScoresRoom(actor.enterpriseId)];
  return [...audience, ...scores];
}

/** Where an event about a site (or, with null, the whole enterprise) goes: everyone who sees the enterprise or that site. */
export function audienceOf(enterpriseId: string, siteId: string | null): string[] {
  return siteId ? [enterpriseRoom(enterpriseId), siteRoom(siteId)] : [enterpriseRoom(enterpriseId)];
}

/** Where a site's score change goes: the dashboards of the enterprise and of that site. */
export function scoreAudienceOf(enterpriseId: string, siteId: string): string[] {
  return [enterpriseScoresRoom(enterpriseId), siteScoresRoom(siteId)];
}
