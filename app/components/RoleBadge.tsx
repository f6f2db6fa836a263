/**
 * A system's role as a badge. The CSS classes avoid the role words, so the stylesheet every browser
 * loads (annotators' too) carries no system vocabulary (DESIGN rule 2).
 */
export function RoleBadge({ role }: { role: string }) {
  const cls = role === "candidate" ? "sys-primary" : role === "baseline" ? "sys-reference" : "";
  return <span className={`badge ${cls}`}>{role}</span>;
}
