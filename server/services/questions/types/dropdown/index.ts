/**
 * Dropdown: one choice from a long list (the store that served the customer, the product
 * model, the kind of service) in a native select, which a phone shows as its own picker,
 * so twenty options do not fill the screen as radio tiles would. Otherwise it is a single
 * choice: scored when every option carries a score 0–100, usable as a skip condition.
 */
import { t } from '../../../../i18n';
import { optionList, twoOptions } from '../../builderFields';
import { optionWords } from '../../choices';
import type { QuestionTypeModule } from '../../questionType';
import { single } from '../single';

declare module '../../../templates/types' {
  interface QuestionTypes {
    dropdown: true;
  }
}
declare module '../../questionType' {
  interface FormParts {
    /** The select's first, empty entry ("choose…"), which leaves the question unanswered. */
    placeholder?: string;
  }
}

export const dropdown: QuestionTypeModule = {
  ...single,
  type: 'dropdown',
  form: (q, locale) => ({ partial: 'questionTypes/dropdown', choices: optionWords(q, locale), placeholder: t(locale, 'questionDropdown.choose') }),
  codebook: (q, word, locale) => ({ ...single.codebook(q, word, locale), type: word('questionDropdown.exportType') }),
  builder: {
    ...single.builder,
    // Offered right after single choice, its short-list sibling.
    position: 4.5,
    fields: [optionList(true)],
    defaults: twoOptions(),
  },
};

export default dropdown;
