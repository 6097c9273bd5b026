/**
 * Derives everything the code needs to know about the channels from their modules:
 * the list, the zod enum, the CPSQ weights (defaults and their schema), colours,
 * phrase keys and which indicators each can evidence. A new channel is one module
 * added to the list in index.ts; a test builds a registry with a fourth one.
 */
import { z } from 'zod';
import type { CatalogueNode } from '../catalogues/types';
import { evidences, type ChannelModule, type TemplateCapabilities } from './types';

export interface ChannelRegistry<C extends string> {
  readonly codes: readonly C[];
  readonly modules: ReadonlyMap<C, ChannelModule<C>>;
  /** z.enum of the codes, with a message that lists them. */
  readonly codeSchema: z.ZodType<C>;
  /** { code: number ≥ 0 } for every channel, nothing else (a scheme's or project's W_c). */
  weightsSchema(weight?: z.ZodNumber): z.ZodType<Record<C, number>>;
  /** A copy of the modules' default W_c. */
  defaultWeights(): Record<C, number>;
  /** Every channel at `value` (counters, sample sizes). */
  filled<V>(value: (code: C) => V): Record<C, V>;
  colours(): Record<C, string>;
  labelKey(code: C, form?: 'name' | 'short' | 'blankTemplate'): string;
  isChannel(value: unknown): value is C;
  canEvidence(code: C, node: Pick<CatalogueNode, 'kind' | 'evidence'>): boolean;
  /** The channels whose free text is written by `voice`. */
  byVoice(voice: ChannelModule['voice']): C[];
  /** Whether templates of the channel may hold photos, a critical-failure rule or section weights. */
  allows(code: C, capability: Exclude<keyof TemplateCapabilities, 'scoredTypes'>): boolean;
  /** Whether a scored question of `type` fits a template of the channel. */
  scoresType(code: C, type: string): boolean;
}

export function channelRegistry<const M extends readonly ChannelModule[]>(list: M): ChannelRegistry<M[number]['code']> {
  type C = M[number]['code'];
  const codes = list.map((m) => m.code) as C[];
  if (new Set(codes).size !== codes.length) throw new Error(`channel codes repeat: ${codes.join(', ')}`);
  const total = list.reduce((sum, m) => sum + m.defaultWeight, 0);
  // The defaults are a CPSQ model of their own: validateChannelWeights would refuse them otherwise.
  if (Math.abs(total - 1) > 1e-9) throw new Error(`default channel weights sum to ${total}, not 1`);
  const modules = new Map(list.map((m) => [m.code as C, m as unknown as ChannelModule<C>]));
  const module = (code: C) => modules.get(code)!;
  const filled = <V>(value: (code: C) => V) => Object.fromEntries(codes.map((c) => [c, value(c)])) as Record<C, V>;
  const spelled = codes.length > 1 ? `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}` : codes.join('');
  return {
    codes,
    modules,
    codeSchema: z.enum(codes as [C, ...C[]], { message: `must be ${spelled}` }) as unknown as z.ZodType<C>,
    weightsSchema: (weight = z.number().min(0)) => z.object(filled(() => weight)).strict() as unknown as z.ZodType<Record<C, number>>,
    defaultWeights: () => filled((c) => module(c).defaultWeight),
    filled,
    colours: () => filled((c) => module(c).colour),
    labelKey: (code, form = 'name') => module(code).label[form],
    isChannel: (value): value is C => typeof value === 'string' && modules.has(value as C),
    canEvidence: (code, node) => evidences(module(code), node),
    byVoice: (voice) => codes.filter((c) => module(c).voice === voice),
    allows: (code, capability) => module(code)?.templates?.[capability] === true,
    scoresType: (code, type) => module(code)?.templates?.scoredTypes?.includes(type) ?? true,
  };
}
