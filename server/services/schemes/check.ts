/**
 * The rules a scheme must keep beyond its shape: weights that sum to 1, levels
 * that rise, and a catalogue that exists. A broken shipped file stops the
 * server at boot; a broken publication is a 400 naming the field.
 */
import { AppError, ValidationError } from '../../errors';
import { getCatalogue } from '../catalogues';
import { validateChannelWeights } from '../scoring/cpsq';
import { validateThresholds } from '../scoring/levels';
import type { SchemeContent } from './types';

export function checkScheme(scheme: SchemeContent): SchemeContent {
  validateChannelWeights(scheme.channelWeights);
  try {
    validateThresholds(thresholdsOf(scheme));
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError('levels: thresholds must rise from compliant to five, within 0–100', 'levels');
    throw err;
  }
  try {
    getCatalogue(scheme.catalogue.code, scheme.catalogue.version);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      throw new ValidationError(`catalogue: ${scheme.catalogue.code}@${scheme.catalogue.version} is not a known catalogue`, 'catalogue');
    }
    throw err;
  }
  return scheme;
}

export function thresholdsOf(scheme: Pick<SchemeContent, 'levels'>) {
  const { compliant, three, four, five } = scheme.levels;
  return { compliant: compliant.threshold, three: three.threshold, four: four.threshold, five: five.threshold };
}
