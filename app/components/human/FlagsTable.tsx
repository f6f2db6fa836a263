import type { ComparisonDetail } from "../../../db/human-report";

/** Comparisons annotators flagged as bad data, with who and why. */
export function FlagsTable({ flagged, detailById }: { flagged: number[]; detailById: Map<number, ComparisonDetail> }) {
  return (
    <>
        <h2>Flagged as bad data ({flagged.length})</h2>
        <div className="panel">
          <table data-testid="flags">
            <thead>
              <tr>
                <th>Case</th>
                <th>Who</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {flagged.flatMap((id) => {
                const d = detailById.get(id);
                if (!d) return [];
                return d.flags
                  .filter((f) => f.kind === "flag")
                  .map((f, i) => (
                    <tr key={`${id}-${i}`}>
                      <td>{d.case_external_id}</td>
                      <td>{f.annotator}</td>
                      <td>{f.reason}</td>
                    </tr>
                  ));
              })}
            </tbody>
          </table>
        </div>
    </>
  );
}
