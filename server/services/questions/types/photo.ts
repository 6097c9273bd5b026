/** Photo evidence (channels that allow photos: mystery visits): ids of uploaded files; no score, no words, no export cell. */
import { channels } from '../../channels';
import { reject, type QuestionTypeModule } from '../questionType';

export const MAX_PHOTOS = 20;
/** Ids the evidence store hands out; only their format is checked here. */
const EVIDENCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const photo: QuestionTypeModule = {
  type: 'photo',
  schema: {},
  checkTemplate(_q, problem, content) {
    if (!channels.allows(content.channel, 'photos')) problem('type', 'photo questions belong to mystery-visit templates only', 'photoMysteryOnly');
  },
  scored: () => false,
  coerce(_q, raw) {
    const ids = (Array.isArray(raw) ? raw : [raw]).filter((v) => !(typeof v === 'string' && v.trim() === ''));
    if (ids.length > MAX_PHOTOS) reject(`must list at most ${MAX_PHOTOS} photos`);
    for (const id of ids) if (typeof id !== 'string' || !EVIDENCE_ID.test(id)) reject('must be ids of uploaded photos');
    const strings = ids as string[];
    const twice = strings.find((v, i) => strings.indexOf(v) !== i);
    if (twice !== undefined) reject(`lists photo "${twice}" twice`);
    return strings;
  },
  items: () => [],
  form: () => ({ partial: 'survey/field', control: 'file' }),
  formError: () => ({ key: 'surveyForm.error.photo' }),
  // The caller shows the photos themselves.
  words: () => null,
  // Evidence files are not table cells.
  columns: () => [],
  codebook: (_q, word) => ({ type: word('exports.type.photo'), values: null }),
  display: () => 'photo',
  builder: { position: 9, fields: [], defaults: {}, roles: [], scored: false, channels: channels.codes.filter((c) => channels.allows(c, 'photos')) },
};

export default photo;
