/** A prompt: plain text, or chat messages shown as a conversation (each message rendered safely). */
import { renderMarkdown } from "./markdown";

type Message = { role?: unknown; content?: unknown };

function contentText(c: unknown): string {
  if (typeof c === "string") return c;
  // OpenAI-style content parts: keep the text parts.
  if (Array.isArray(c)) return c.map((p) => (p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : "")).join("\n");
  return c == null ? "" : JSON.stringify(c, null, 2);
}

export function Conversation({ input, images = false }: { input: unknown; images?: boolean }) {
  if (Array.isArray(input)) {
    return (
      <div className="conv" data-testid="conversation">
        {(input as Message[]).map((m, i) => {
          const role = String(m?.role ?? "message");
          const side = role === "user" ? "user" : role === "system" ? "system" : "assistant";
          return (
            <div className={`conv-msg conv-${side}`} key={i} data-testid="conv-msg">
              <div className="conv-role">{role}</div>
              <div className="out-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(contentText(m?.content), { images }) }} />
            </div>
          );
        })}
      </div>
    );
  }
  const text = typeof input === "string" ? input : JSON.stringify(input, null, 2);
  return <div className="out-md" data-testid="prompt-text" dangerouslySetInnerHTML={{ __html: renderMarkdown(text, { images }) }} />;
}
