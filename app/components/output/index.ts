/** Rendering model outputs and prompts (issue 15 item 2); add `outputStyles` to a route's links. */
export { OutputText, type OutputMode } from "./OutputText";
export { Conversation } from "./Conversation";
export { renderMarkdown, parseJsonOutput, highlightCode } from "./markdown";
export { wordDiff, type DiffPiece } from "./word-diff";
export { promptRefersToContext } from "./context";
export { default as outputStyles } from "./output.css";
