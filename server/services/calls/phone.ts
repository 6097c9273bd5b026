/**
 * Customer phone numbers: accepted loosely as people type them (spaces, dashes,
 * +86, an extension after 转/ext), stored in one normal form, and masked
 * (138****5678) wherever they are shown to anyone but the agent on the call.
 */

const MOBILE = /^1[3-9]\d{9}$/;
// 0 + area code (2–3 digits) + 7–8 digit number.
const LANDLINE = /^0\d{9,11}$/;
const EXTENSION = /(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i;

/** Area codes of 3 digits (010 Beijing, 02x big cities); all others have 4. */
const areaLength = (digits: string) => (/^0(10|2\d)/.test(digits) ? 3 : 4);

/** 13812345678 for a mobile, 010-12345678 (or 0755-1234567-123 with an extension) for a landline; null when neither. */
export function normalisePhone(raw: string): string | null {
  let text = raw.trim();
  let extension = '';
  const ext = EXTENSION.exec(text);
  if (ext) {
    extension = ext[1]!;
    text = text.slice(0, ext.index);
  }
  let digits = text.replace(/[\s()（）.\-－—]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  digits = digits.replace(/^(\+86|0086)/, '');
  if (/^86\d{11}$/.test(digits)) digits = digits.slice(2);
  if (MOBILE.test(digits)) return extension ? null : digits;
  if (!LANDLINE.test(digits)) return null;
  const area = areaLength(digits);
  const number = digits.slice(area);
  if (number.length < 7 || number.length > 8 || number.startsWith('0')) return null;
  return `${digits.slice(0, area)}-${number}${extension ? `-${extension}` : ''}`;
}

/** 138****5678 / 010-****5678: enough to recognise a number, not to dial it. */
export function maskPhone(phone: string): string {
  const [first = '', second] = phone.split('-');
  if (second !== undefined) return `${first}-****${second.slice(-4)}`;
  if (first.length >= 8) return `${first.slice(0, 3)}****${first.slice(-4)}`;
  return '*'.repeat(first.length);
}
