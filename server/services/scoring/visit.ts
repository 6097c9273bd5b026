/**
 * Mystery-visit score (domain.md §3.3, §5): the share of applicable checklist
 * items passed, weighted by section.
 *
 * Choice: the visit score is Σ_s w_s·pass_s / Σ_s w_s × 100 over the sections
 * that have at least one applicable (yes/no) checklist item, with
 * pass_s = yes_s / (yes_s + no_s) and w_s the section weight (default 1).
 * Within a section every checklist item counts once (question weights are for
 * indicators, not for the visit). A section answered all N/A leaves the
 * denominator, like an N/A item. A critical "no" fails the visit: with
 * criticalFailure 'zero' (the default) the score becomes 0, with 'flag' it is
 * kept and only `failed` is set. Item answers and indicator values never change.
 */
import { ValidationError } from '../../errors';
import type { Answers, TemplateContent } from '../templates/types';

export interface VisitScore {
  /** 0–100, or undefined when no checklist item was applicable. */
  score?: number;
  /** A critical checklist item was answered "no". */
  failed: boolean;
  /** The critical items answered "no", for the report. */
  criticalMisses: string[];
}

export function visitScore(content: TemplateContent, answers: Answers): VisitScore {
  let weighted = 0;
  let weights = 0;
  const criticalMisses: string[] = [];
  for (const section of content.sections) {
    const w = section.weight ?? 1;
    if (!(Number.isFinite(w) && w >= 0)) {
      throw new ValidationError(`section ${section.id}: weight must be ≥ 0`, `sections.${section.id}.weight`);
    }
    let yes = 0;
    let no = 0;
    for (const q of section.questions) {
      if (q.type !== 'checklist') continue;
      const a = answers[q.id];
      if (a === 'yes') yes++;
      else if (a === 'no') {
        no++;
        if (q.critical) criticalMisses.push(q.id);
      }
    }
    if (yes + no === 0 || w === 0) continue;
    weighted += w * (yes / (yes + no));
    weights += w;
  }
  const failed = criticalMisses.length > 0;
  if (weights === 0) return { failed, criticalMisses };
  const kept = (weighted / weights) * 100;
  const score = failed && (content.criticalFailure ?? 'zero') === 'zero' ? 0 : kept;
  return { score, failed, criticalMisses };
}
