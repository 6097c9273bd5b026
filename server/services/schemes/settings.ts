/**
 * What the scoring engine takes from a scheme, and the scheme as projections,
 * reports and PDFs name it.
 */
import type { AuditSettings } from '../scoring/audit';
import type { StarLevel } from '../scoring/levels';
import type { MultiSiteBlocking } from '../scoring/projection';
import type { LocalizedText } from '../templates/types';
import { thresholdsOf } from './check';
import { schemeKey, type RegisteredScheme, type Scheme } from './types';

export function auditSettingsOf(scheme: Scheme): AuditSettings {
  return {
    bonusCap: scheme.bonusCap,
    deductionPoints: scheme.deductionPoints,
    decertifyingDeductions: scheme.blockingDeductions,
    thresholds: thresholdsOf(scheme),
  };
}

export interface SchemeSummary {
  code: string;
  version: number;
  /** "code@version", as every projection, report and PDF prints it. */
  key: string;
  name: LocalizedText;
  origin: RegisteredScheme['origin'];
  levelNames: Record<StarLevel, LocalizedText>;
  multiSiteBlocking: MultiSiteBlocking;
}

export function schemeSummary(scheme: RegisteredScheme): SchemeSummary {
  const { levels } = scheme;
  return {
    code: scheme.code,
    version: scheme.version,
    key: schemeKey(scheme),
    name: scheme.name,
    origin: scheme.origin,
    levelNames: { none: scheme.notCertifiedName, compliant: levels.compliant.name, three: levels.three.name, four: levels.four.name, five: levels.five.name },
    multiSiteBlocking: scheme.multiSiteBlocking,
  };
}
