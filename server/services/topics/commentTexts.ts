/**
 * The customer comments of a response: its answers to text questions, contacts
 * masked (as every page shows them), each template version read once per reader.
 */
import type { TenantContext } from '../context';
import { maskContacts } from '../exports/mask';
import type { ResponseDoc } from '../responses/types';
import type { Channel, LocalizedText } from '../templates/types';
import { versionQuestions } from '../templates/versions';
import { channels } from '../channels';

/** Customers write in surveys and calls; mystery shoppers' notes are not what customers say. */
export const CUSTOMER_CHANNELS: readonly Channel[] = channels.byVoice('customer');

export interface ResponseComment {
  question: LocalizedText;
  text: string;
}

export type CommentReader = (response: ResponseDoc) => Promise<ResponseComment[]>;

export function commentReader(ctx: TenantContext): CommentReader {
  return async (r) => {
    const out: ResponseComment[] = [];
    for (const q of await versionQuestions(ctx, r.templateId, r.templateVersion)) {
      const text = r.answers[q.id];
      if (q.type === 'text' && typeof text === 'string' && text.trim()) out.push({ question: q.prompt, text: maskContacts(text) });
    }
    return out;
  };
}
