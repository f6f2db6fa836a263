/**
 * Recognising a refusal. Some endpoints set `message.refusal`; many (local models, older APIs)
 * just answer with an apology in the content. The content check is deliberately narrow: only a
 * short answer that opens like a refusal and carries no JSON, so a judge that quotes such a
 * sentence in its reason is not mistaken for one.
 */
const REFUSAL_OPENINGS = [
  /^(i'?m|i am) sorry,? (but )?(i|we) (can(no|')t|won'?t|am unable|'m unable|am not able)/i,
  /^(i|we) (can(no|')t|won'?t|am unable to|'m unable to|am not able to|must decline)/i,
  /^(sorry|unfortunately),? (but )?i (can(no|')t|won'?t|am unable)/i,
];

export function detectRefusal(content: string | null | undefined, refusalField?: string | null, finishReason?: string | null): string | null {
  if (refusalField && refusalField.trim()) return refusalField.trim();
  if (finishReason === "content_filter") return "the endpoint's content filter blocked the answer";
  if (!content) return null;
  const text = content.trim().replace(/[\u2018\u2019]/g, "'");
  if (text.length > 300 || text.includes("{")) return null;
  return REFUSAL_OPENINGS.some((re) => re.test(text)) ? text : null;
}
