/**
 * The evidence channels of ServiceStar. Adding one (chat transcripts, app reviews):
 * write its module beside these, list it here, add its phrases to
 * server/i18n/<locale>/channels.json, and give it a share of the default weights.
 */
import { callChannel } from './call';
import { mysteryChannel } from './mystery';
import { channelRegistry } from './registry';
import { surveyChannel } from './survey';

export const channels = channelRegistry([surveyChannel, callChannel, mysteryChannel]);

export type Channel = (typeof channels.codes)[number];
export const CHANNELS: readonly Channel[] = channels.codes;
