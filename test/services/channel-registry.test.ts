/**
 * Channels are one module each: the list, the zod enum, the default CPSQ weights and
 * their schema, colours, phrase keys and the indicators a channel can evidence all
 * derive from the modules. A fourth channel registered in a test registry proves it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { t, LOCALES } from '../../server/i18n';
import { getCatalogue } from '../../server/services/catalogues';
import { channels } from '../../server/services/channels';
import { channelRegistry } from '../../server/services/channels/registry';
import { defineChannel } from '../../server/services/channels/types';
import { callChannel } from '../../server/services/channels/call';
import { mysteryChannel } from '../../server/services/channels/mystery';
import { surveyChannel } from '../../server/services/channels/survey';
import { DEFAULT_CHANNEL_WEIGHTS, validateChannelWeights } from '../../server/services/scoring/cpsq';
import { evidenceableTree } from '../../server/http/templates/indicatorTree';
import { standardTree, type StandardNode } from '../../server/http/standards/routes';
import { NAV_ENTRIES } from '../../server/http/navEntries';

/** A chat-transcript channel, with the survey's share split to make room for it. */
const chat = defineChannel({
  code: 'chat',
  label: { name: 'channels.chat.name', short: 'channels.chat.short', blankTemplate: 'channels.chat.blankTemplate' },
  colour: '#8250df',
  defaultWeight: 0.1,
  lowSample: { kind: 'minResponses', n: 50 },
  capture: { path: '/chats', resource: 'responses', verb: 'ingest', menu: { label: 'nav.chats', group: 'collect' } },
  voice: 'customer',
  evidence: ['perceived'],
});
const fourChannels = () => channelRegistry([{ ...surveyChannel, defaultWeight: 0.3 }, callChannel, mysteryChannel, chat]);

const indicatorsOf = (tree: readonly StandardNode[]): StandardNode[] => tree.flatMap((n) => (n.kind === 'indicator' ? [n] : indicatorsOf(n.children)));

describe('a fourth channel needs only its module', () => {
  test('the list, the enum, the weights schema, colours and labels derive from the registered modules', () => {
    const registry = fourChannels();
    expect(registry.codes).toEqual(['survey', 'call', 'mystery', 'chat']);
    expect(registry.codeSchema.safeParse('chat').success).toBe(true);
    const refused = registry.codeSchema.safeParse('fax');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('must be survey, call, mystery or chat');
    expect(registry.defaultWeights()).toEqual({ survey: 0.3, call: 0.3, mystery: 0.3, chat: 0.1 });
    expect(registry.weightsSchema().safeParse({ survey: 0.3, call: 0.3, mystery: 0.3 }).success).toBe(false);
    expect(registry.weightsSchema().safeParse({ survey: 0.3, call: 0.3, mystery: 0.3, chat: 0.1 }).success).toBe(true);
    expect(registry.colours().chat).toBe('#8250df');
    expect(registry.labelKey('chat', 'short')).toBe('channels.chat.short');
    expect(registry.byVoice('customer')).toEqual(['survey', 'call', 'chat']);
    expect(registry.filled(() => 0)).toEqual({ survey: 0, call: 0, mystery: 0, chat: 0 });
  });

  test('a registry whose default weights do not sum to 1, or whose codes repeat, is refused at start-up', () => {
    expect(() => channelRegistry([surveyChannel, callChannel, mysteryChannel, chat])).toThrow(/sum to 1\.1/);
    expect(() => channelRegistry([surveyChannel, callChannel, { ...mysteryChannel, code: 'call' }])).toThrow(/codes repeat/);
  });

  test('template capabilities are what a channel declares: a chat channel with section weights and photos gets them, the survey none', () => {
    const registry = channelRegistry([
      { ...surveyChannel, defaultWeight: 0.3 },
      callChannel,
      mysteryChannel,
      { ...chat, templates: { sectionWeights: true, photos: true, scoredTypes: ['rating', 'checklist'] } },
    ]);
    expect(registry.codes.filter((c) => registry.allows(c, 'sectionWeights'))).toEqual(['mystery', 'chat']);
    expect(registry.codes.filter((c) => registry.allows(c, 'photos'))).toEqual(['mystery', 'chat']);
    expect(registry.codes.filter((c) => registry.allows(c, 'criticalFailure'))).toEqual(['mystery']);
    expect(registry.scoresType('chat', 'rating')).toBe(true);
    expect(registry.scoresType('chat', 'nps')).toBe(false);
    expect(registry.scoresType('mystery', 'rating')).toBe(false);
    expect(registry.scoresType('survey', 'matrix')).toBe(true);
  });

  test('a channel that can evidence on-site indicators is offered them in the picker tree; the shipped ones are not', () => {
    const tree = standardTree(getCatalogue('sbt10401-27'));
    const all = indicatorsOf(tree);
    const perceived = all.filter((n) => n.evidence?.includes('perceived'));
    expect(perceived.length).toBeLessThan(all.length);
    const auditorRegistry = channelRegistry([{ ...surveyChannel, evidence: ['perceived', 'onsite'] }, callChannel, mysteryChannel]);
    expect(all.every((n) => auditorRegistry.canEvidence('survey', n))).toBe(true);
    for (const channel of channels.codes) {
      expect(indicatorsOf(evidenceableTree(tree, channel)).map((n) => n.code)).toEqual(perceived.map((n) => n.code));
    }
  });
});

describe('the shipped channels', () => {
  test('default weights are the scheme file’s and the CPSQ defaults, and validate as a model', () => {
    const scheme = JSON.parse(fs.readFileSync(path.join(__dirname, '../../surveys/schemes/gbt27922-2011.json'), 'utf8'));
    expect(channels.defaultWeights()).toEqual(scheme.channelWeights);
    expect(DEFAULT_CHANNEL_WEIGHTS).toEqual({ survey: 0.4, call: 0.3, mystery: 0.3 });
    expect(validateChannelWeights(channels.defaultWeights())).toEqual(DEFAULT_CHANNEL_WEIGHTS);
  });

  test('every label key has a phrase in both languages, and none is a bare code or key', () => {
    for (const code of channels.codes) {
      for (const form of ['name', 'short', 'blankTemplate'] as const) {
        for (const locale of LOCALES) {
          const text = t(locale, channels.labelKey(code, form));
          expect(text).not.toBe(code);
          expect(text).not.toMatch(/^channels\./);
        }
      }
    }
    expect(t('zh-CN', channels.labelKey('call', 'short'))).toBe('回访');
    expect(t('zh-CN', channels.labelKey('mystery', 'short'))).toBe('暗访');
  });

  test("the menu offers each channel's capture page where its module says: path, label, group and who may open it", () => {
    for (const { capture } of channels.modules.values()) {
      expect(NAV_ENTRIES.filter((e) => e.href === capture.path)).toEqual([
        { href: capture.path, label: capture.menu.label, group: capture.menu.group, any: [[capture.resource, capture.verb]] },
      ]);
    }
  });

  test('colours are distinct and every channel has a capture entry page', () => {
    const colours = Object.values(channels.colours());
    expect(new Set(colours).size).toBe(colours.length);
    for (const module of channels.modules.values()) expect(module.capture.path).toMatch(/^\/[a-z-]+$/);
  });
});
