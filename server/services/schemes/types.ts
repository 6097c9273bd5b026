/**
 * A certification scheme (domain.md §4: "every number configurable per
 * certification scheme"): the catalogue it is written for, the CPSQ's channel
 * weights and gate, the audit's bonus cap, deduction points, blocking count,
 * level thresholds and names, and how site scores roll up to the enterprise.
 * A scheme is versioned data: a published version never changes, and a
 * certification project pins one (schemes/pin.ts).
 */
import { z } from 'zod';
import { channels } from '../channels';

const localizedText = z.object({ 'zh-CN': z.string().trim().min(1, 'is required').max(200), en: z.string().trim().min(1, 'is required').max(200) }).strict();
const level = z.object({ threshold: z.number().finite().min(0, 'must be 0–100').max(100, 'must be 0–100'), name: localizedText }).strict();
const weight = z.number().finite().min(0, 'must be 0–1').max(1, 'must be 0–1');

/** Everything an operator sends to publish a version; the version number is given by the registry. */
export const schemeContentSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{1,59}$/, 'must be 2–60 lowercase letters, digits, ".", "_" or "-"'),
    name: localizedText,
    sources: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
    notes: z.string().max(2000).optional(),
    catalogue: z.object({ code: z.string().min(1).max(60), version: z.string().regex(/^\d+(\.\d+)*$/, 'must look like 1.0.0') }).strict(),
    channelWeights: channels.weightsSchema(weight),
    gate: z.object({ target: z.number().finite().min(0, 'must be 0–100').max(100, 'must be 0–100'), rule: z.enum(['point', 'lowerBound']) }).strict(),
    bonusCap: z.number().finite().min(0, 'must be ≥ 0').max(100, 'must be ≤ 100'),
    deductionPoints: z.number().finite().min(0, 'must be ≥ 0').max(100, 'must be ≤ 100'),
    /** This many special deductions or more bar a site (and, under 'block', the enterprise). */
    blockingDeductions: z.number().int('must be a whole number').min(1, 'must be ≥ 1').max(1000),
    levels: z.object({ compliant: level, three: level, four: level, five: level }).strict(),
    notCertifiedName: localizedText,
    enterpriseRollup: z.enum(['responses', 'equal', 'minimum']),
    /** 'block': a blocking site bars the enterprise certificate; 'reportOnly': it is named, the level stands. */
    multiSiteBlocking: z.enum(['block', 'reportOnly']),
  })
  .strict();

export const schemeSchema = schemeContentSchema.extend({ version: z.number().int().min(1) }).strict();

export type SchemeContent = z.infer<typeof schemeContentSchema>;
export type Scheme = z.infer<typeof schemeSchema>;

export interface SchemeRef {
  code: string;
  version: number;
}

/** A scheme as the registry lists it: shipped with the product, or published by an operator. */
export interface RegisteredScheme extends Scheme {
  origin: 'shipped' | 'published';
  publishedAt?: string;
  publishedBy?: string;
}

export const schemeKey = (ref: SchemeRef): string => `${ref.code}@${ref.version}`;
