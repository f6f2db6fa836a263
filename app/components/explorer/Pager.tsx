/** Keyset pages: back to the first page, or on past the last case shown. */
export function Pager({ firstHref, nextHref }: { firstHref: string | null; nextHref: string | null }) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav className="row pager" aria-label="Pages">
      {firstHref && (
        <a className="btn secondary" href={firstHref}>
          ← First page
        </a>
      )}
      <span className="spacer" />
      {nextHref && (
        <a className="btn secondary" href={nextHref} data-testid="explore-next">
          Next page →
        </a>
      )}
    </nav>
  );
}
