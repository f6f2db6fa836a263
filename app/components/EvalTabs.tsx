import { NavLink } from "@remix-run/react";

/** The sections of an eval, for leads; owners see the overview and the report. */
export function EvalTabs({ evalId, role }: { evalId: number; role: "lead" | "owner" | "annotator" }) {
  const tabs =
    role === "lead"
      ? [
          { to: `/evals/${evalId}`, label: "Overview" },
          { to: `/evals/${evalId}/data`, label: "Data & pack" },
          { to: `/evals/${evalId}/human`, label: "Human judging" },
          { to: `/evals/${evalId}/annotation`, label: "Annotation" },
          { to: `/evals/${evalId}/judge`, label: "LLM judge" },
          { to: `/evals/${evalId}/explore`, label: "Explore" },
          { to: `/evals/${evalId}/report`, label: "Report" },
          { to: `/evals/${evalId}/ranking`, label: "Ranking" },
        ]
      : [
          { to: `/evals/${evalId}`, label: "Overview" },
          { to: `/evals/${evalId}/explore`, label: "Explore" },
          { to: `/evals/${evalId}/report`, label: "Report" },
          { to: `/evals/${evalId}/ranking`, label: "Ranking" },
        ];
  return (
    <nav className="tabs no-print" aria-label="Eval sections">
      {tabs.map((t) => (
        <NavLink key={t.to} to={t.to} end className={({ isActive }) => (isActive ? "active" : "")}>
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
