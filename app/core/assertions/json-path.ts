/**
 * A small JSONPath subset for json_path_equals: `$` (optional), `.key`, `['key']` / `["key"]` and `[index]`
 * (negative indices count from the end), e.g. `$.items[0].name` or `user['first name']`.
 */
export type PathSegment = string | number;

export function parseJsonPath(path: string): PathSegment[] {
  let i = 0;
  const segs: PathSegment[] = [];
  const fail = (why: string): never => {
    throw new SyntaxError(`invalid JSON path "${path}" at ${i}: ${why}`);
  };
  if (path.startsWith("$")) i = 1;
  else if (path === "") fail("empty path");
  else {
    // bare leading key: "a.b"
    const m = /^[A-Za-z_$][\w$-]*/.exec(path);
    if (!m) fail("expected $ or a key");
    segs.push(m![0]);
    i = m![0].length;
  }
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      const m = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!m) fail("expected a key after '.'");
      segs.push(m![0]);
      i += 1 + m![0].length;
    } else if (c === "[") {
      const rest = path.slice(i);
      const idx = /^\[\s*(-?\d+)\s*\]/.exec(rest);
      const quoted = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/.exec(rest);
      if (idx) {
        segs.push(Number(idx[1]));
        i += idx[0].length;
      } else if (quoted) {
        segs.push((quoted[1] ?? quoted[2]).replace(/\\(.)/g, "$1"));
        i += quoted[0].length;
      } else fail("expected [index] or ['key']");
    } else fail(`unexpected '${c}'`);
  }
  return segs;
}

export function getJsonPath(value: unknown, path: string | readonly PathSegment[]): { found: boolean; value?: unknown } {
  const segs = typeof path === "string" ? parseJsonPath(path) : path;
  let cur = value;
  for (const s of segs) {
    if (typeof s === "number") {
      if (!Array.isArray(cur)) return { found: false };
      const k = s < 0 ? cur.length + s : s;
      if (k < 0 || k >= cur.length) return { found: false };
      cur = cur[k];
    } else {
      if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return { found: false };
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return { found: true, value: cur };
}
