import { RoleBadge } from "../RoleBadge";
import type { DataSystem } from "./types";

/** How many cases the eval has and how many outputs each system. */
export function Counts({ nCases, systems }: { nCases: number; systems: DataSystem[] }) {
  return (
    <div className="grid">
      <div className="stat">
        <div className="label">Cases</div>
        <div className="value" data-testid="data-cases">{nCases}</div>
      </div>
      {systems.map((s) => (
        <div className="stat" key={s.id}>
          <div className="label">
            Outputs · {s.name} <RoleBadge role={s.role} />
          </div>
          <div className="value" data-testid={`data-outputs-${s.name}`}>{s.outputs}</div>
        </div>
      ))}
    </div>
  );
}
