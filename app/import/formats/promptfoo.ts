/**
 * A promptfoo config (promptfooconfig.yaml or .json): `prompts` (templates with {{var}}), `tests`
 * (each with `vars` and `assert`), `defaultTest` (vars and asserts every test inherits). Each test,
 * for each prompt, is a case: the prompt filled from its vars is the input, its asserts the case's
 * assertions where Arbiter has one (promptfoo-asserts.ts); the asserts it cannot express are counted
 * in the report. Prompts or tests held in other files (file://…) are not read: an error says so.
 *
 * Case ids are `test-N` (N from 1, the test's position), `test-N-prompt-M` when there are several
 * prompts, so promptfoo's results JSON (testIdx, promptIdx) finds them (promptfoo-results.ts).
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { mapPromptfooAssert } from "./promptfoo-asserts.ts";
import { isObject, type FormatAdapter } from "./types.ts";

export function promptfooCaseId(testIdx: number, promptIdx: number, nPrompts: number): string {
  return nPrompts > 1 ? `test-${testIdx + 1}-prompt-${promptIdx + 1}` : `test-${testIdx + 1}`;
}

/** {{ name }} replaced by vars.name (objects as JSON); a filter or a missing var is left as written. */
export function fillTemplate(template: string, vars: Record<string, unknown>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g, (whole, name: string) => {
    let v: unknown = vars;
    for (const part of name.split(".")) v = isObject(v) ? v[part] : undefined;
    if (v === undefined) {
      missing.push(name);
      return whole;
    }
    return typeof v === "string" ? v : JSON.stringify(v);
  });
  return { text, missing };
}

function promptTexts(prompts: unknown): string[] | string {
  const list = prompts === undefined ? ["{{prompt}}"] : Array.isArray(prompts) ? prompts : [prompts];
  const out: string[] = [];
  for (const p of list) {
    const raw = typeof p === "string" ? p : isObject(p) ? p.raw ?? p.id : undefined;
    if (typeof raw !== "string") return "each prompt must be a string or have raw";
    if (raw.startsWith("file://")) return `prompts in other files are not read (${raw}): paste the template into the config`;
    out.push(raw);
  }
  return out;
}

function providerTools(providers: unknown): string[] {
  const names = new Set<string>();
  for (const p of Array.isArray(providers) ? providers : [providers]) {
    const tools = isObject(p) && isObject(p.config) ? p.config.tools : undefined;
    if (Array.isArray(tools)) for (const t of tools) if (isObject(t) && isObject(t.function) && typeof t.function.name === "string") names.add(t.function.name);
  }
  return [...names];
}

export const promptfoo: FormatAdapter = {
  name: "promptfoo",
  describe: "a promptfoo config (prompts, tests with vars and assert, defaultTest)",
  async *read(path, _options, report) {
    let config: unknown;
    try {
      config = parseYaml(await readFile(path, "utf8"));
    } catch (err) {
      yield { kind: "error", line: (err as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1, field: null, reason: `not YAML or JSON: ${(err as Error).message.split("\n")[0]}` };
      return;
    }
    if (!isObject(config)) {
      yield { kind: "error", line: 1, field: null, reason: "a promptfoo config is an object with prompts and tests" };
      return;
    }
    const prompts = promptTexts(config.prompts);
    if (typeof prompts === "string") {
      yield { kind: "error", line: 1, field: "prompts", reason: prompts };
      return;
    }
    if (!Array.isArray(config.tests)) {
      yield { kind: "error", line: 1, field: "tests", reason: typeof config.tests === "string" ? `tests in other files are not read (${config.tests})` : "tests must be a list" };
      return;
    }
    const defaults = isObject(config.defaultTest) ? config.defaultTest : {};
    const defaultVars = isObject(defaults.vars) ? defaults.vars : {};
    const defaultAsserts = Array.isArray(defaults.assert) ? defaults.assert : [];
    const tools = providerTools(config.providers);
    const unfilled = new Set<string>();
    for (const [ti, test] of config.tests.entries()) {
      if (!isObject(test)) {
        yield { kind: "error", line: 1, field: `tests.${ti}`, reason: "a test must be an object" };
        continue;
      }
      const vars = { ...defaultVars, ...(isObject(test.vars) ? test.vars : {}) };
      const asserts = [...defaultAsserts, ...(Array.isArray(test.assert) ? test.assert : [])];
      const assertions = [];
      for (const a of asserts) {
        if (!isObject(a)) continue;
        const m = mapPromptfooAssert(a, tools);
        if (m.ok) assertions.push(m.assertion);
        else report.unsupported[m.type || "(no type)"] = (report.unsupported[m.type || "(no type)"] ?? 0) + prompts.length;
      }
      for (const [pi, template] of prompts.entries()) {
        const { text, missing } = fillTemplate(template, vars);
        missing.forEach((m) => unfilled.add(m));
        const equals = assertions.find((a) => a.type === "equals" && typeof a.value === "string");
        yield {
          kind: "case",
          line: 1,
          record: {
            id: promptfooCaseId(ti, pi, prompts.length),
            input: text,
            ...(equals && equals.type === "equals" ? { reference: equals.value as string } : {}),
            category: typeof test.description === "string" && test.description ? test.description.slice(0, 200) : "promptfoo",
            suite: "promptfoo",
            shape: "open",
            assertions,
          },
        };
      }
    }
    if (unfilled.size) report.notes.push(`template variables with no value in some tests, left as written: ${[...unfilled].join(", ")}`);
  },
};
