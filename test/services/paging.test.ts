/**
 * Whether the page total of the paged survey form is final: it is shown only
 * then, so the count a customer reads never changes under them.
 */
import { pageCountSettled, pagesOf } from '../../server/services/campaigns/paging';
import { loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { TemplateContent } from '../../server/services/templates/types';

// Five sections: about (service type), delivery and repair (each shown for one service type), experience, overall.
const survey = (): TemplateContent => loadDefaultTemplates().find((t) => t.sections.some((s) => s.id === 'repair'))!;

test('the total is open while the answer that adds or drops a page is still to be given', () => {
  const content = survey();
  expect(pagesOf(content, {})).toHaveLength(3);
  expect(pageCountSettled(content, 0, {})).toBe(false);
  expect(pageCountSettled(content, 0, { service_type: 'repair' })).toBe(true);
  expect(pageCountSettled(content, 2, { service_type: 'repair' })).toBe(true);
});

test('an answer left blank on a page already passed settles the total', () => {
  const content = survey();
  const optional: TemplateContent = {
    ...content,
    sections: content.sections.map((s, i) => (i === 0 ? { ...s, questions: s.questions.map((q) => ({ ...q, required: false })) } : s)),
  };
  expect(pageCountSettled(optional, 3, {})).toBe(true);
});

test('a condition inside one page leaves the total settled', () => {
  // complaint_handling depends on raised_complaint on the same page: the page is shown either way.
  expect(pageCountSettled(survey(), 3, { service_type: 'consultation' })).toBe(true);
});
