import { ValidationError } from '../../server/errors';
import { validateAnswers } from '../../server/services/templates/answers';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { TemplateContent } from '../../server/services/templates/types';
import { validateTemplate } from '../../server/services/templates/validate';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const options = (...values: string[]) => values.map((value) => ({ value, label: t(value, value) }));

/** A mystery template, the only channel where every answer type may appear. */
const content: TemplateContent = validateTemplate({
  channel: 'mystery',
  name: t('暗访', 'Visit'),
  catalogue: { code: 'sbt10401-27', version: '1.0.0' },
  sections: [
    {
      id: 'all',
      title: t('全部', 'All'),
      questions: [
        { id: 'greeted', type: 'checklist', prompt: t('招呼', 'Greeted'), required: true, indicator: 'internal.rules.norms' },
        {
          id: 'quoted',
          type: 'checklist',
          allowNa: false,
          prompt: t('报价', 'Quoted'),
          required: true,
          indicator: 'internal.rules.norms',
          showIf: { questionId: 'greeted', op: 'eq', value: 'yes' },
        },
        { id: 'waited', type: 'number', min: 0, max: 240, prompt: t('等候', 'Wait'), required: false },
        { id: 'arrived', type: 'time', prompt: t('到达', 'Arrived'), required: false },
        { id: 'channel', type: 'single', options: options('phone', 'walk_in'), prompt: t('渠道', 'Channel'), required: false },
        { id: 'extras', type: 'multiple', options: options('coffee', 'wifi', 'seats'), prompt: t('设施', 'Extras'), required: false },
        { id: 'notes', type: 'text', prompt: t('备注', 'Notes'), required: false },
        { id: 'photos', type: 'photo', prompt: t('照片', 'Photos'), required: false },
      ],
    },
  ],
});
const survey = loadDefaultTemplates().find((x) => x.channel === 'survey')!;

function rejects(template: TemplateContent, raw: unknown, field: string, message: string): void {
  let error: unknown;
  try {
    validateAnswers(template, raw);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect({ field: (error as ValidationError).field, message: (error as ValidationError).message }).toEqual({ field, message });
}

describe('validateAnswers', () => {
  it('coerces form-encoded strings where unambiguous', () => {
    expect(
      validateAnswers(content, {
        greeted: 'YES',
        quoted: 'no',
        waited: ' 12.5 ',
        arrived: '9:05',
        channel: 'walk_in',
        extras: 'wifi',
        notes: '  店面干净  ',
        photos: 'ev_123',
      }),
    ).toEqual({
      greeted: 'yes',
      quoted: 'no',
      waited: 12.5,
      arrived: '09:05',
      channel: 'walk_in',
      extras: ['wifi'],
      notes: '店面干净',
      photos: ['ev_123'],
    });
  });

  it('coerces ratings and NPS from strings and keeps skipped visible questions as null', () => {
    const answers = validateAnswers(survey, {
      service_type: 'repair',
      repair_speed: '4',
      problem_solved: 'yes',
      staff_attitude: 5,
      effort: '3',
      overall_satisfaction: '4',
      recommend: '10',
      comment: '',
    });
    expect(answers).toMatchObject({ repair_speed: 4, staff_attitude: 5, effort: 3, overall_satisfaction: 4, recommend: 10 });
    expect(answers.comment).toBeNull();
    expect(answers.explanation).toBeNull();
    expect('delivery_on_time' in answers).toBe(false);
  });

  it('drops answers to hidden questions without checking them', () => {
    const answers = validateAnswers(content, { greeted: 'no', quoted: 'garbage' });
    expect('quoted' in answers).toBe(false);
  });

  it('rejects unknown question ids', () => rejects(content, { greeted: 'yes', quoted: 'yes', q99: 1 }, 'answers.q99', 'answers.q99: unknown question'));

  it('rejects a body that is not an object', () => rejects(content, ['yes'], 'answers', 'answers: must be an object of question ids to answers'));

  it('requires visible required questions', () => {
    rejects(content, {}, 'answers.greeted', 'answers.greeted: an answer is required');
    rejects(content, { greeted: 'yes', quoted: '' }, 'answers.quoted', 'answers.quoted: an answer is required');
  });

  it('checks ratings and NPS as integers in range', () => {
    const base = { service_type: 'consultation', staff_attitude: 4, effort: 4, overall_satisfaction: 4, recommend: 8 };
    rejects(survey, { ...base, overall_satisfaction: '6' }, 'answers.overall_satisfaction', 'answers.overall_satisfaction: must be an integer from 1 to 5');
    rejects(survey, { ...base, overall_satisfaction: 4.5 }, 'answers.overall_satisfaction', 'answers.overall_satisfaction: must be an integer from 1 to 5');
    rejects(survey, { ...base, recommend: 11 }, 'answers.recommend', 'answers.recommend: must be an integer from 0 to 10');
    rejects(survey, { ...base, recommend: 'ten' }, 'answers.recommend', 'answers.recommend: must be an integer from 0 to 10');
  });

  it('checks checklist answers and N/A permission', () => {
    rejects(content, { greeted: 'maybe' }, 'answers.greeted', 'answers.greeted: must be yes, no or na');
    rejects(content, { greeted: 'yes', quoted: 'na' }, 'answers.quoted', 'answers.quoted: must be yes or no (N/A is not allowed here)');
    expect(validateAnswers(content, { greeted: true, quoted: false })).toMatchObject({ greeted: 'yes', quoted: 'no' });
  });

  it('checks choices', () => {
    const base = { greeted: 'no' };
    rejects(content, { ...base, channel: 'email' }, 'answers.channel', 'answers.channel: must be one of phone, walk_in');
    rejects(content, { ...base, extras: ['wifi', 'wifi'] }, 'answers.extras', 'answers.extras: lists "wifi" twice');
    rejects(content, { ...base, extras: ['tea'] }, 'answers.extras', 'answers.extras: must be one of coffee, wifi, seats');
    expect(validateAnswers(content, { ...base, extras: ['seats', 'coffee'] }).extras).toEqual(['seats', 'coffee']);
  });

  it('checks text length in characters', () => {
    expect(validateAnswers(content, { greeted: 'no', notes: '好'.repeat(2000) }).notes).toHaveLength(2000);
    rejects(content, { greeted: 'no', notes: '好'.repeat(2001) }, 'answers.notes', 'answers.notes: must be at most 2000 characters');
    rejects(content, { greeted: 'no', notes: 5 }, 'answers.notes', 'answers.notes: must be text');
  });

  it('checks numbers, times and photo ids', () => {
    const base = { greeted: 'no' };
    rejects(content, { ...base, waited: '-1' }, 'answers.waited', 'answers.waited: must be a number from 0 to 240');
    rejects(content, { ...base, waited: 'Infinity' }, 'answers.waited', 'answers.waited: must be a number from 0 to 240');
    rejects(content, { ...base, arrived: '25:00' }, 'answers.arrived', 'answers.arrived: must be a time as HH:MM');
    rejects(content, { ...base, arrived: 'noon' }, 'answers.arrived', 'answers.arrived: must be a time as HH:MM');
    rejects(content, { ...base, photos: ['../etc/passwd'] }, 'answers.photos', 'answers.photos: must be ids of uploaded photos');
    rejects(content, { ...base, photos: ['a1', 'a1'] }, 'answers.photos', 'answers.photos: lists photo "a1" twice');
    expect(validateAnswers(content, { ...base, arrived: '14:30:00', photos: ['a1', 'b2'] })).toMatchObject({ arrived: '14:30', photos: ['a1', 'b2'] });
  });
});
