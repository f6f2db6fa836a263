/**
 * A red banner over a snapshot that is not the one the current evidence gives (issue 13 item 2): it is
 * never shown as current, and signing it needs an explicit "sign an older snapshot" with a reason.
 */
export function StaleBanner({ evalId, reportId, currentId }: { evalId: number; reportId: number; currentId: number }) {
  if (reportId === currentId) return null;
  return (
    <div className="stale-banner" role="alert" data-testid="stale-banner">
      Evidence changed since this snapshot (#{reportId}): it is not the current report. The current evidence gives snapshot #{currentId}:{" "}
      <a href={`/evals/${evalId}/report`}>open the current snapshot</a>.
    </div>
  );
}
