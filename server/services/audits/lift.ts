/**
 * What would lift the enterprise to its next level: every site's available
 * indicator points, converted to enterprise points by the site's weight in the
 * enterprise score (domain.md §4.5).
 */
import type { SiteAudit } from '../scoring/audit';
import { nextLevel, roundScore, type StarLevel, starLevel } from '../scoring/levels';
import type { EnterpriseAudit, LevelLift } from '../scoring/projection';

export interface EnterpriseLiftIndicator {
  siteId: string;
  siteCode: string;
  code: string;
  /** Points the site score would gain with this indicator at its maximum. */
  sitePoints: number;
  /** The same in enterprise-score points: site weight × site points. */
  enterprisePoints: number;
}

export interface EnterpriseLift {
  level: StarLevel;
  next: Exclude<StarLevel, 'none'> | null;
  threshold: number | null;
  pointsNeeded: number | null;
  reachable: boolean;
  /** specialDeductions: a single site barred by them; blockingSites: the multi-site rule (enterprise.blockingSites). */
  blockedBy?: 'specialDeductions' | 'blockingSites';
  indicators: EnterpriseLiftIndicator[];
  method: string;
}

export function enterpriseLift(
  enterprise: EnterpriseAudit,
  sites: ReadonlyArray<{ siteId: string; code: string; audit: SiteAudit; lift: LevelLift }>,
): EnterpriseLift {
  const thresholds = sites[0]?.audit.settings.thresholds;
  const next = nextLevel(starLevel(enterprise.score, thresholds));
  const indicators = sites
    .flatMap((s) => {
      const w = enterprise.weights[s.siteId] ?? 0;
      return w > 0
        ? s.lift.indicators.map((i) => ({ siteId: s.siteId, siteCode: s.code, code: i.code, sitePoints: i.scorePoints, enterprisePoints: w * i.scorePoints }))
        : [];
    })
    .sort((a, b) => b.enterprisePoints - a.enterprisePoints || a.siteCode.localeCompare(b.siteCode) || a.code.localeCompare(b.code));
  // A site score stops at 100, so a site can add at most its headroom, whatever its indicators offer.
  const available = sites.reduce((sum, s) => {
    const offered = s.lift.indicators.reduce((a, i) => a + i.scorePoints, 0);
    return sum + (enterprise.weights[s.siteId] ?? 0) * Math.min(offered, 100 - s.audit.score);
  }, 0);
  const threshold = next && thresholds ? thresholds[next] : null;
  const pointsNeeded = threshold === null ? null : roundScore(threshold - enterprise.score);
  const blocked = enterprise.barredSites.length > 0;
  // Deductions alone keep their own reason; a site below the compliant level blocks by the multi-site rule.
  const byDeductionsOnly = enterprise.blockingSites.every((b) => b.reasons.every((r) => r === 'specialDeductions'));
  const blockedBy = byDeductionsOnly ? ('specialDeductions' as const) : ('blockingSites' as const);
  const minimum = enterprise.weighting === 'minimum' ? ' Under the minimum rule only the lowest site counts; raising it can make another site the lowest.' : '';
  return {
    level: enterprise.level,
    next,
    threshold,
    pointsNeeded,
    reachable: !blocked && (pointsNeeded === null || available + 1e-9 >= pointsNeeded),
    ...(blocked ? { blockedBy } : {}),
    indicators,
    method: `Enterprise points of an indicator = the site's weight in the enterprise score × the site-score points it still offers.${minimum}`,
  };
}
