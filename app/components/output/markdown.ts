/**
 * Model outputs as they were meant, safely: Markdown through markdown-it with raw HTML disabled
 * (any `<script>`, `<img onerror>` or other tag in an output comes out as text), markdown-it's own
 * link check (javascript:, vbscript:, file: and non-image data: URLs are not made links), links
 * opened with rel="noopener nofollow noreferrer", images not loaded unless the lead allows them for
 * the eval (otherwise a placeholder naming the address), code blocks highlighted by highlight.js
 * (which escapes what it highlights). The result is HTML meant for dangerouslySetInnerHTML, and it
 * is safe there only because of the above; tests/unit/output-render.test.ts tries the usual attacks.
 */
import MarkdownIt from "markdown-it";
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sqlLang from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

// A few common languages keep the browser bundle small (the full set is about 1 MB).
const LANGUAGES = { bash, css, go, java, javascript, json, python, rust, sql: sqlLang, typescript, xml, yaml };
for (const [name, lang] of Object.entries(LANGUAGES)) if (!hljs.getLanguage(name)) hljs.registerLanguage(name, lang);
const ALIASES: Record<string, string> = { js: "javascript", ts: "typescript", py: "python", sh: "bash", shell: "bash", html: "xml", yml: "yaml", rs: "rust", golang: "go" };

export function highlightCode(code: string, lang: string): string {
  const name = ALIASES[lang.toLowerCase()] ?? lang.toLowerCase();
  if (name && hljs.getLanguage(name)) {
    try {
      return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
    } catch {
      /* fall through to plain, escaped by the caller */
    }
  }
  return "";
}

function makeRenderer(images: boolean): MarkdownIt {
  const md = new MarkdownIt({
    html: false,
    linkify: true,
    breaks: true,
    typographer: false,
    highlight: (code, lang) => {
      const out = highlightCode(code, lang);
      return out ? `<pre class="hljs"><code>${out}</code></pre>` : "";
    },
  });
  const esc = md.utils.escapeHtml;
  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const t = tokens[idx];
    t.attrSet("rel", "noopener nofollow noreferrer");
    t.attrSet("target", "_blank");
    return self.renderToken(tokens, idx, options);
  };
  md.renderer.rules.image = (tokens, idx) => {
    const t = tokens[idx];
    const src = t.attrGet("src") ?? "";
    const alt = t.content || "";
    if (!images) {
      return `<span class="md-image-blocked" title="${esc(src)}">[image not loaded: ${esc(alt || src)}]</span>`;
    }
    return `<img src="${esc(src)}" alt="${esc(alt)}" loading="lazy" referrerpolicy="no-referrer">`;
  };
  return md;
}

const renderers = { withImages: makeRenderer(true), withoutImages: makeRenderer(false) };

export function renderMarkdown(text: string, options: { images?: boolean } = {}): string {
  return (options.images ? renderers.withImages : renderers.withoutImages).render(text);
}

/** The text as JSON when the whole of it is an object or array; null otherwise. */
export function parseJsonOutput(text: string): unknown | null {
  const t = text.trim();
  if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) return null;
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}

export function prettyJsonHtml(value: unknown): string {
  return hljs.highlight(JSON.stringify(value, null, 2), { language: "json" }).value;
}
