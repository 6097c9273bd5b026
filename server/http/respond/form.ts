/**
 * The respondent form as pages, built on the shared form renderer
 * (survey-view.ts + views/partials/survey). Earlier and later answers travel
 * in hidden fields, so the form needs no session, no cookie and no script;
 * the server re-checks everything on submit.
 */
import type { Request, Response } from 'express';
import { ValidationError } from '../../errors';
import type { SubmitOutcome } from '../../services/campaigns/respond';
import { contactConsentOf, type ContactConsent } from '../../services/cases/consent';
import { neighbourPage, pageCountSettled, pageNumber, pageQuestions, pagesOf, type RawAnswers } from '../../services/campaigns/paging';
import type { TemplateContent } from '../../services/templates/types';
import { namesIn } from '../placeNames';
import { answerErrors, formAnswers, FIELD_PREFIX, surveyViewModel } from '../survey-view';

export interface FormTarget {
  content: TemplateContent;
  /** Where the form posts: the link itself. */
  action: string;
  enterpriseName: string;
  siteName: string;
  /** Shown instead on English pages when set (placeNames.ts). */
  enterpriseNameEn?: string;
  siteNameEn?: string;
  privacyContact: string;
  /** Anonymous site links explain their device cookie in the privacy notice. */
  anonymous: boolean;
  /** Walk-in forms end with the optional consent question 「是否愿意我们联系您？」 and a phone field. */
  askContact?: boolean;
}

/** What the consent fields held when the page was posted, so a re-shown page keeps them. */
interface ContactFields {
  consent: boolean;
  phone: string;
  error?: string;
}

const contactFieldsOf = (body: Record<string, unknown>, error?: string): ContactFields => ({
  consent: body.contact_consent === 'yes',
  phone: typeof body.contact_phone === 'string' ? body.contact_phone.slice(0, 40) : '',
  ...(error ? { error } : {}),
});

/** Public pages are private to their link: never cached, never indexed. */
export function noStore(res: Response): void {
  res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
}

function carried(content: TemplateContent, page: number, answers: RawAnswers): Array<{ name: string; value: string }> {
  const here = new Set(content.sections[page]!.questions.map((q) => q.id));
  const out: Array<{ name: string; value: string }> = [];
  for (const [id, value] of Object.entries(answers)) {
    if (here.has(id)) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') out.push({ name: `${FIELD_PREFIX}${id}`, value: v });
  }
  return out;
}

export function renderPage(
  req: Request,
  res: Response,
  target: FormTarget,
  page: number,
  answers: RawAnswers,
  errors: Record<string, string> = {},
  contact?: ContactFields,
): void {
  const { content } = target;
  const shown = new Set(pageQuestions(content, page, answers).map((q) => q.id));
  const section = content.sections[page]!;
  const ownIds = new Set(section.questions.map((q) => q.id));
  const conditionOf = new Map(section.questions.map((q) => [q.id, q.showIf]));
  const view = surveyViewModel(content, req.locale, answers, errors);
  // A condition on an earlier page was decided here; the browser script only sees this page's questions.
  const questions = view.sections[page]!.questions.filter((q) => shown.has(q.id)).map((q) =>
    conditionOf.get(q.id) && !ownIds.has(conditionOf.get(q.id)!.questionId) ? { ...q, showIf: undefined } : q,
  );
  const pages = pagesOf(content, answers);
  const position = Math.max(0, pages.indexOf(page));
  noStore(res);
  const last = neighbourPage(content, page, answers, 1) === null;
  res.status(Object.keys(errors).length || contact?.error ? 400 : 200).render('pages/respond-form', {
    layout: false,
    title: view.name,
    target: namesIn(target, req.locale),
    survey: {
      ...view,
      description: position === 0 ? view.description : undefined,
      sections: [{ ...view.sections[page]!, questions }],
      errorList: view.errorList.filter((e) => questions.some((q) => q.domId === e.domId)),
    },
    carried: carried(content, page, answers),
    page,
    pageNo: position + 1,
    // No total while an answer still to be given could add or drop a page: a promised count never changes.
    pageCount: pageCountSettled(content, page, answers) ? pages.length : undefined,
    first: position === 0,
    multiPage: pages.length > 1,
    last,
    contact: target.askContact && last ? (contact ?? { consent: false, phone: '' }) : null,
  });
}

export function renderThanks(
  res: Response,
  target: Pick<FormTarget, 'enterpriseName' | 'siteName' | 'enterpriseNameEn' | 'siteNameEn' | 'privacyContact' | 'anonymous'>,
  outcome: SubmitOutcome,
): void {
  noStore(res);
  res.render('pages/respond-thanks', {
    layout: false,
    title: res.locals.t('respond.thanks.title'),
    target: namesIn(target, res.locals.locale),
    already: outcome === 'already',
  });
}

export function renderGone(res: Response, status = 404, messageKey = 'respond.gone.text'): void {
  noStore(res);
  res.status(status).render('pages/respond-gone', { layout: false, title: res.locals.t('respond.gone.title'), message: res.locals.t(messageKey) });
}

const pagesWithErrors = (content: TemplateContent, answers: RawAnswers, errors: Record<string, string>) =>
  pagesOf(content, answers).filter((p) => pageQuestions(content, p, answers).some((q) => q.id in errors));

/**
 * One POST of the form: back, next (checking this page), language (the same
 * page again, in the language the locale middleware took from ?lang) or submit
 * (checking everything, then `submit`). Skip logic decides which page comes next.
 */
export async function handleFormPost(
  req: Request,
  res: Response,
  target: FormTarget,
  submit: (answers: RawAnswers, contact: ContactConsent) => Promise<SubmitOutcome>,
): Promise<void> {
  const { content } = target;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const answers = formAnswers(content, body);
  const page = pageNumber(body.page, content);
  const nav = body.nav === 'back' || body.nav === 'next' || body.nav === 'language' ? body.nav : 'submit';
  // Nothing is checked: the customer is not done with the page, only reading it in another language.
  if (nav === 'language') return renderPage(req, res, target, page, answers, {}, contactFieldsOf(body));
  if (nav === 'back') return renderPage(req, res, target, neighbourPage(content, page, answers, -1) ?? page, answers);

  const errors = answerErrors(content, answers, req.locale);
  const next = nav === 'next' ? neighbourPage(content, page, answers, 1) : null;
  if (next !== null) {
    const here = new Set(pageQuestions(content, page, answers).map((q) => q.id));
    const pageErrors = Object.fromEntries(Object.entries(errors).filter(([id]) => here.has(id)));
    return renderPage(req, res, target, Object.keys(pageErrors).length ? page : next, answers, pageErrors);
  }
  if (Object.keys(errors).length) {
    // Back to the first page with a problem, showing only that page's errors.
    const at = pagesWithErrors(content, answers, errors)[0] ?? page;
    const ids = new Set(pageQuestions(content, at, answers).map((q) => q.id));
    return renderPage(req, res, target, at, answers, Object.fromEntries(Object.entries(errors).filter(([id]) => ids.has(id))));
  }
  let contact: ContactConsent = null;
  if (target.askContact) {
    try {
      contact = contactConsentOf(body);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // The consent fields sit on the last page: show that one, with the problem.
      const lastPage = pagesOf(content, answers).at(-1) ?? page;
      return renderPage(req, res, target, lastPage, answers, {}, contactFieldsOf(body, res.locals.t('cases.consent.error')));
    }
  }
  renderThanks(res, target, await submit(answers, contact));
}
