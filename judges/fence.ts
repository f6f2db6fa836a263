/**
 * Fencing untrusted text (model outputs, prompts, contexts) for a judge prompt.
 *
 * Each slot gets its own named delimiters, `<<<NAME` and `NAME>>>`, on lines of their own. The
 * scheme is deterministic (no random nonce, so identical inputs give identical prompts and the
 * cache works) and unforgeable: any run of three or more `<` or `>` inside the text is broken up
 * with spaces, so the text can never contain `<<<` or `>>>` and cannot close its fence early or
 * open a fake one. The change is visible but harmless to a reader judging quality.
 */

const NAME = /^[A-Z][A-Z0-9_]*$/;

/** Breaks every run of 3+ angle brackets: ">>>" becomes "> > >". Shorter runs (A>>B, <b>) stay. */
export function neutraliseDelimiters(text: string): string {
  return text.replace(/<{3,}|>{3,}/g, (run) => run.split("").join(" "));
}

export function fence(name: string, text: string): string {
  if (!NAME.test(name)) throw new Error(`fence name must be UPPER_SNAKE_CASE, got ${name}`);
  return `<<<${name}\n${neutraliseDelimiters(text)}\n${name}>>>`;
}
