/** The question-type registry finds its types on disk: nothing lists them, so a new type is its own module. */
import fs from 'node:fs';
import { builderSpecs, QUESTION_TYPES, questionFormPartials, questionType } from '../../server/services/questions/registry';

describe('question type registry', () => {
  it('finds every type module under types/ and offers them in the builder by their declared position', () => {
    const known = ['rating', 'nps', 'checklist', 'single', 'multiple', 'text', 'number', 'time', 'photo', 'matrix'];
    // Types added later slot in by their position; these keep their order among them.
    expect(QUESTION_TYPES.filter((type) => known.includes(type))).toEqual(known);
    const positions = builderSpecs().map((s) => s.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('registers a type folder form partial under questionTypes/<type>, and the module draws with it', () => {
    const partials = new Map(questionFormPartials());
    expect(partials.get('questionTypes/matrix')).toMatch(/questions[/\\]types[/\\]matrix[/\\]form\.hbs$/);
    for (const [, file] of partials) expect(fs.existsSync(file)).toBe(true);
    const matrix = questionType('matrix');
    const q = {
      id: 'g',
      type: 'matrix' as const,
      prompt: { 'zh-CN': '网格', en: 'Grid' },
      required: true,
      scale: 5,
      rows: [{ id: 'r1', prompt: { 'zh-CN': '一', en: 'One' } }],
    };
    expect(partials.has(matrix.form(q, 'en', undefined).partial)).toBe(true);
  });

  it('sends the builder each type as plain data: fields survive JSON unchanged and name only known widget kinds', () => {
    const specs = builderSpecs();
    expect(JSON.parse(JSON.stringify(specs))).toEqual(specs);
    const kinds = new Set(specs.flatMap((s) => s.fields.map((f) => f.kind)));
    expect([...kinds].every((k) => ['scale', 'flag', 'number', 'list'].includes(k))).toBe(true);
    const rows = specs.find((s) => s.type === 'matrix')!.fields.find((f) => f.kind === 'list');
    expect(rows).toMatchObject({ key: 'rows', idKey: 'id', item: expect.arrayContaining([{ kind: 'indicator', key: 'indicator' }]) });
  });
});
