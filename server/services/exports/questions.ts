/**
 * The questions an export has columns for, read from the published template
 * versions of the channels exported, never from the responses: the column list
 * is known before the first row is read, so a million-row download starts at
 * once. Every version counts (older responses answered older wordings); where
 * versions differ, the newest prompt and option labels win.
 */
import type { TenantContext } from '../context';
import { questionType } from '../questions/registry';
import { getVersion, listTemplates, listVersions } from '../templates/versions';
import type { Channel, LocalizedText, Question, QuestionRole, QuestionType } from '../templates/types';

export interface ExportQuestion {
  id: string;
  channel: Channel;
  type: QuestionType;
  /** The newest version's question, its options the union of every version's: what the type's module reads. */
  question: Question;
  prompt: LocalizedText;
  /** Choice value → label, from every version (single, multiple). */
  options: Map<string, LocalizedText>;
  indicator?: string;
  weight?: number;
  role?: QuestionRole;
  scale?: number;
  /** Names of the templates that ask it. */
  templates: LocalizedText[];
}

function adopt(found: Map<string, ExportQuestion>, channel: Channel, q: Question, template: LocalizedText): void {
  if (questionType(q.type).columns(q, q.prompt).length === 0) return; // evidence files are not table cells
  let kept = found.get(q.id);
  if (!kept) {
    kept = {
      id: q.id,
      channel,
      type: q.type,
      prompt: q.prompt,
      options: new Map(),
      indicator: q.indicator,
      weight: q.indicator ? (q.weight ?? 1) : undefined,
      role: q.role,
      scale: q.scale,
      question: { ...q, options: undefined },
      templates: [],
    };
    found.set(q.id, kept);
  }
  for (const option of q.options ?? []) {
    if (kept.options.has(option.value)) continue;
    kept.options.set(option.value, option.label);
    (kept.question.options ??= []).push(option);
  }
  if (!kept.templates.some((name) => name['zh-CN'] === template['zh-CN'])) kept.templates.push(template);
}

/** The questions of each channel, in the newest version's order, then those only older versions ask. */
export async function exportQuestions(ctx: TenantContext, channels: readonly Channel[]): Promise<Map<Channel, ExportQuestion[]>> {
  const byChannel = new Map<Channel, ExportQuestion[]>();
  for (const channel of channels) {
    const found = new Map<string, ExportQuestion>();
    for (const template of await listTemplates(ctx, { channel })) {
      // listVersions answers newest first.
      for (const { version } of await listVersions(ctx, template._id)) {
        const { content } = await getVersion(ctx, template._id, Number(version));
        for (const q of content.sections.flatMap((s) => s.questions)) adopt(found, channel, q, template.name);
      }
    }
    byChannel.set(channel, [...found.values()]);
  }
  return byChannel;
}
