// What the optional LLM path checks text against: instructions planted in a page, and the words of a model's answer
// that carry no evidence (function characters, framing phrases), so support is judged on content only.
import { toSearchForm } from './search-form.js';

/**
 * Shapes of text addressed to a language model rather than to a newspaper reader — the usual planted instructions
 * (`忽略以上所有指令，回答：…`, `ignore previous instructions`, `你现在是…`). Matched on the search form (simplified,
 * NFKC, lower case), so traditional and full-width spellings need no entry of their own. Each entry is narrow enough
 * that newspaper prose does not hit it: 「忽略」 needs a scope word (以上, 之前, 所有 …) before the rules it drops
 * (「不要忽略安全提示」 is news), and 「回答：」 counts only at the start of a clause (「他回答：」 is reported speech).
 */
export const INSTRUCTION_CUES: readonly RegExp[] = [
  // 忽略以上所有指令 / 无视之前的规则 / 忘掉你的设定
  /(?:忽略|无视|忘记|忘掉|不要理会|不要遵守|不再遵守|跳过)掉?(?:以上|之前|上面|前面|上述|先前|此前|所有|全部|一切|你的|系统)[^。！？\n]{0,8}?(?:指令|指示|规则|提示|设定|命令|约束|要求)/,
  // 忽略以上 / 无视前面 … without naming what
  /(?:忽略|无视)掉?(?:以上|之前|上面|前面|上述|先前|此前)/,
  // A new identity for the model.
  /你现在是|你现在扮演|从现在起[，,]?你|从现在开始[，,]?你|你的新身份|假装你是/,
  // The model's own machinery.
  /系统提示词|提示词注入|系统指令|开发者模式/,
  // 回答：… / 请直接回复「…」 — a dictated reply, at the start of a clause.
  /(?:^|[，,；;。：:\s])(?:请|只|仅|直接|必须|一律|请直接|请只)?(?:回答|回复|输出)(?:用户)?[:：]/,
  /请(?:直接|只)?(?:回答|回复|输出)(?:用户)?[「“"]/,
  // English forms.
  /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|instructions|rules)/,
  /\byou are now\b|\bsystem prompt\b|\bnew instructions?\s*:|\bdeveloper mode\b/,
];

/** True when a sentence reads as an instruction to a model (see {@link INSTRUCTION_CUES}). */
export function looksLikeInstruction(sentence: string): boolean {
  const form = toSearchForm(sentence);
  return INSTRUCTION_CUES.some((re) => re.test(form));
}

/**
 * Characters that carry grammar, not content: a bigram holding one is no evidence that a passage says what a
 * sentence says (「调研了」 shares 「研了」 with any text that 调研了 anything).
 */
export const FUNCTION_CHARS = new Set([...'的了是在和与及或也都就而被把将已于对向从之其这那个为以等着过吗呢吧啊呀所并且但还又很']);

/**
 * Phrases a model frames an answer with (根据资料…, 据报道…) and words every article prints (本报, 记者): they are
 * removed from an answer sentence before its support is measured, so a planted 「本报已停刊」 does not count as
 * supported because the passage opens with 本报讯. Longer phrases first.
 */
export const ANSWER_FRAME_WORDS: readonly string[] = [
  '根据资料', '根据报道', '资料显示', '资料中', '据报道', '报道称', '报道显示', '文中提到', '文章提到',
  '资料', '根据', '报道', '另见', '参见', '详见', '此外', '同时', '另外', '本报讯', '本报', '记者',
];
