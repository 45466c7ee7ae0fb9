// The registry of question kinds, in the order they are tried: the first that detects a question answers it.
import type { AnswerKind } from './kind.js';
import { activitiesKind } from './activities.js';
import { actorsKind } from './actors.js';
import { bylinesKind } from './bylines.js';
import { definitionKind } from './definition.js';
import { holderKind } from './holder.js';
import { listKind } from './list.js';
import { mentionsKind } from './mentions.js';
import { numberKind } from './number.js';
import { ordinalKind } from './ordinal.js';
import { howKind, whyKind } from './reasons.js';
import { roleKind } from './role.js';
import { statementKind } from './statement.js';
import { whenKind } from './when.js';
import { whereKind } from './where.js';
import { whichKind } from './which.js';
import { whoKind } from './who.js';

/**
 * Question kinds, most specific first: questions across articles (mentions, bylines, activities, actors), who-did-what
 * statements, definitions, then offices and people, then facts (ordinal, number, when, where), lists, reasons and methods, named items.
 */
export const KINDS: readonly AnswerKind[] = [
  mentionsKind, bylinesKind, activitiesKind, actorsKind, statementKind, definitionKind, roleKind, holderKind, whoKind, ordinalKind, numberKind, whenKind, whereKind,
  listKind, whyKind, howKind, whichKind,
];

/** No kind detected: quote the best sentences. */
export const QUOTE_KIND: AnswerKind = {
  name: 'quote',
  detect: () => true,
  extract: () => [],
  verify: () => false,
  phrase: () => null,
  whenEmpty: 'quote',
};
