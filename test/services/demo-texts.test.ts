/**
 * The texts the shipped templates and the demo show in Chinese: full-width
 * Chinese punctuation, the enterprise's own name in the call script, and
 * mystery-visit remarks that fit the item they are written under.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultForEnterprise, loadDefaultTemplates } from '../../server/services/templates/defaults';
import type { TemplateContent } from '../../server/services/templates/types';
import { demoAnswers } from '../../server/services/demo/visitReports';
import { mulberry32 } from '../../server/services/random';

const CJK = '[\\u3400-\\u9fff]';
/** An ASCII comma, question mark, colon, semicolon, exclamation mark or parenthesis touching a Chinese character. */
const HALF_WIDTH_NEXT_TO_CJK = new RegExp(`${CJK}[,?:;!()]|[,?:;!()]${CJK}`);

/** Every zh-CN text of a template with where it is. */
function chineseTexts(value: unknown, at = ''): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => chineseTexts(v, `${at}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'zh-CN' && typeof v === 'string' ? [[at, v] as [string, string]] : chineseTexts(v, `${at}.${k}`)));
}

test('the shipped templates write Chinese with full-width punctuation', () => {
  const templates = loadDefaultTemplates();
  const texts = templates.flatMap((t) => chineseTexts(t).map(([at, text]) => `${t.channel}${at}: ${text}`));
  expect(texts.length).toBeGreaterThan(50);
  expect(texts.filter((text) => HALF_WIDTH_NEXT_TO_CJK.test(text))).toEqual([]);
  const survey = templates.find((t) => t.channel === 'survey')!;
  expect(survey.sections.flatMap((s) => s.questions).map((q) => q.prompt['zh-CN'])).toContain('从报修到修好，您对所用的时间满意吗？');
});

test('the demo data writes Chinese with full-width punctuation', () => {
  const files = [
    ...fs.readdirSync('server/services/demo').map((f) => path.join('server/services/demo', f)),
    'server/services/calls/demo.ts',
    'server/services/calls/demoPeople.ts',
  ];
  // String literals only: comments are English prose.
  const literals = files.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/'([^'\n]*)'|`([^`\n]*)`/g)].map((m) => `${file}: ${m[1] ?? m[2]}`));
  expect(literals.some((l) => /[\u3400-\u9fff]/.test(l))).toBe(true);
  expect(literals.filter((l) => HALF_WIDTH_NEXT_TO_CJK.test(l))).toEqual([]);
});

test('a default template added to an enterprise names the enterprise in its call script', () => {
  const call = loadDefaultTemplates().find((t) => t.channel === 'call')!;
  const own = defaultForEnterprise(call, '华星家电服务');
  expect(own.description!['zh-CN']).toContain('我是华星家电服务客服');
  expect(JSON.stringify(own)).not.toMatch(/××|\{enterprise\}/);
  // A quote in a name cannot break the template.
  expect(defaultForEnterprise(call, '"星"服务').description!['zh-CN']).toContain('我是"星"服务客服');
  // Everything else stays as shipped.
  expect({ ...own, description: call.description }).toEqual(call);
});

test('demo mystery-visit remarks fit their checklist item: none is written under two different items', () => {
  const mystery: TemplateContent = loadDefaultTemplates().find((t) => t.channel === 'mystery')!;
  const itemsOf = new Map<string, Set<string>>();
  for (let seed = 1; seed <= 200; seed++) {
    const { itemComments } = demoAnswers(mystery, 0.5, mulberry32(seed));
    for (const [id, remark] of Object.entries(itemComments)) itemsOf.set(remark, (itemsOf.get(remark) ?? new Set()).add(id));
  }
  expect(itemsOf.size).toBeGreaterThan(25);
  expect([...itemsOf].filter(([, ids]) => ids.size > 1).map(([remark, ids]) => `${remark}: ${[...ids].join(', ')}`)).toEqual([]);
  // The extra-charges item speaks of money, not of notices.
  const charges = [...itemsOf].filter(([, ids]) => ids.has('no_unagreed_charges')).map(([remark]) => remark);
  expect(charges.length).toBeGreaterThan(0);
  for (const remark of charges) expect(remark).toMatch(/元|收费|费用/);
});
