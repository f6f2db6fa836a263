import { describe, expect, it } from "vitest";
import { promptRefersToContext } from "../../app/components/output/context.ts";
import { highlightCode, parseJsonOutput, renderMarkdown } from "../../app/components/output/markdown.ts";
import { wordDiff } from "../../app/components/output/word-diff.ts";

const TAGS = new Set(["p", "a", "strong", "em", "code", "pre", "span", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "s", "del"]);
const ATTRS = new Set(["href", "rel", "target", "class", "title", "src", "alt", "loading", "referrerpolicy", "start", "style"]);

/**
 * No live tag or attribute that runs script. Reads the real tags of the HTML (text `<` is escaped
 * as &lt;, quotes inside values as &quot;), so a hostile word kept as text does not count.
 */
function noActiveContent(html: string) {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    expect(TAGS.has(m[1].toLowerCase()), `tag <${m[1]}>`).toBe(true);
    const rest = m[2].replace(/\/$/, "");
    const attrs = [...rest.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)];
    for (const a of attrs) {
      expect(ATTRS.has(a[1].toLowerCase()), `attribute ${a[1]} on <${m[1]}>`).toBe(true);
      if (a[1] === "href" || a[1] === "src") expect(a[2]).toMatch(/^(https?:|mailto:|#|\/)/);
      if (a[1] === "style") expect(a[2]).toMatch(/^text-align:(left|right|center)$/);
    }
  }
}

describe("renderMarkdown: hostile outputs stay text", () => {
  it("a script tag is escaped, not run", () => {
    const html = renderMarkdown("Hello <script>alert(1)</script> world");
    noActiveContent(html);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
  it("raw HTML blocks and inline tags are escaped", () => {
    const html = renderMarkdown('<div style="position:fixed">x</div>\n\n<b onclick="evil()">bold</b> <iframe src="https://evil.test"></iframe>');
    noActiveContent(html);
    expect(html).toContain("&lt;div style=&quot;position:fixed&quot;&gt;");
    expect(html).toContain("&lt;iframe");
  });
  it("img onerror in raw HTML is text", () => {
    const html = renderMarkdown('<img src=x onerror="alert(document.cookie)">');
    noActiveContent(html);
    expect(html).toContain("&lt;img src=x onerror=");
    expect(html).not.toContain("<img");
  });
  it("javascript:, vbscript: and data: links are not made links", () => {
    for (const url of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4="]) {
      const html = renderMarkdown(`[click me](${url})`);
      noActiveContent(html);
      expect(html).not.toContain("<a ");
    }
    // Entity-encoded javascript: is decoded by markdown-it before its check, and refused too.
    const enc = renderMarkdown("[x](&#106;avascript:alert(1))");
    noActiveContent(enc);
    expect(enc).not.toContain("<a ");
  });
  it("ordinary links open with rel=noopener nofollow", () => {
    const html = renderMarkdown("See [the docs](https://example.com/a?b=1) or https://example.org");
    expect(html).toContain('<a href="https://example.com/a?b=1" rel="noopener nofollow noreferrer" target="_blank">the docs</a>');
    expect(html).toMatch(/<a href="https:\/\/example.org" rel="noopener nofollow noreferrer" target="_blank">/);
  });
  it("images are not loaded unless allowed; allowed ones carry no script", () => {
    const blocked = renderMarkdown('![a cat](https://img.test/cat.png "t")');
    expect(blocked).not.toContain("<img");
    expect(blocked).toContain("[image not loaded: a cat]");
    const allowed = renderMarkdown('![a cat" onerror="alert(1)](https://img.test/cat.png)', { images: true });
    noActiveContent(allowed);
    expect(allowed).toContain('<img src="https://img.test/cat.png" alt="a cat&quot; onerror=&quot;alert(1)"');
    const js = renderMarkdown("![x](javascript:alert(1))", { images: true });
    expect(js).not.toContain("<img");
  });
  it("code blocks are highlighted and their HTML escaped", () => {
    const html = renderMarkdown('```js\nconst s = "<script>x</script>";\n```');
    noActiveContent(html);
    expect(html).toContain('<pre class="hljs"><code><span class="hljs-keyword">const</span>');
    expect(html).toContain("&lt;script&gt;");
    const unknown = renderMarkdown("```brainfuck\n<b>+++</b>\n```");
    expect(unknown).toContain("&lt;b&gt;+++&lt;/b&gt;");
    expect(highlightCode("x = 1", "py")).toContain("hljs-number");
  });
  it("Markdown reads as meant: headings, lists, emphasis, line breaks", () => {
    const html = renderMarkdown("# Title\n\n- one\n- **two**\n\nline a\nline b");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<li><strong>two</strong></li>");
    expect(html).toContain("line a<br>\nline b");
  });
});

describe("parseJsonOutput", () => {
  it("takes whole objects and arrays only", () => {
    expect(parseJsonOutput(' {"a": [1, 2]} ')).toEqual({ a: [1, 2] });
    expect(parseJsonOutput("[1,2]")).toEqual([1, 2]);
    expect(parseJsonOutput("Here: {\"a\": 1}")).toBeNull();
    expect(parseJsonOutput("{not json}")).toBeNull();
    expect(parseJsonOutput("42")).toBeNull();
  });
});

describe("wordDiff", () => {
  it("marks the words only one side has (hand-worked example)", () => {
    const d = wordDiff("the cat sat", "the dog sat");
    expect(d.left.map((p) => [p.kind, p.text])).toEqual([["same", "the "], ["only", "cat"], ["same", " sat"]]);
    expect(d.right.map((p) => [p.kind, p.text])).toEqual([["same", "the "], ["only", "dog"], ["same", " sat"]]);
    expect(d.left.map((p) => p.text).join("")).toBe("the cat sat");
  });
});

describe("promptRefersToContext", () => {
  it("opens the context when the prompt points at it", () => {
    expect(promptRefersToContext("Using the passage, when was it founded?")).toBe(true);
    expect(promptRefersToContext("According to the policy, can I return shoes?")).toBe(true);
    expect(promptRefersToContext([{ role: "user", content: "Summarise the document below." }])).toBe(true);
    expect(promptRefersToContext("Write a haiku about rain.")).toBe(false);
  });
});
