import { Form } from "@remix-run/react";
import type { ExploreFilters } from "../../core/explore/filters";

type Facets = { n: number; categories: string[]; suites: string[]; shapes: string[]; flagged: number; excluded: number };

function Pick({ name, label, value, options }: { name: string; label: string; value?: string; options: string[] }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function Check({ name, label, value }: { name: string; label: string; value?: boolean }) {
  return (
    <label className="check">
      <input type="checkbox" name={name} value="1" defaultChecked={value === true} /> {label}
    </label>
  );
}

/** The search box and every filter, as a GET form: the URL is the state, so any page can link a filter set. */
export function FilterBar({ filters, facets }: { filters: ExploreFilters; facets: Facets }) {
  const outcomes = ["win", "loss", "tie", "none"];
  return (
    <Form method="get" className="panel explore-filters" data-testid="explore-filters">
      <div className="row">
        <label className="grow">
          Search input, outputs, reference and reasons
          <input type="search" name="q" defaultValue={filters.q ?? ""} placeholder='e.g. refund -"order number"' data-testid="explore-q" />
        </label>
        <button className="btn" type="submit" data-testid="explore-apply">
          Apply
        </button>
        <a className="btn secondary" href="?">
          Clear
        </a>
      </div>
      <div className="row">
        <Pick name="category" label="Category" value={filters.category} options={facets.categories} />
        <Pick name="suite" label="Suite" value={filters.suite} options={facets.suites} />
        <Pick name="shape" label="Shape" value={filters.shape} options={facets.shapes} />
        <label>
          Tag
          <input name="tag" defaultValue={filters.tag ?? ""} size={10} />
        </label>
        <Pick name="assert" label="Candidate assertions" value={filters.assert} options={["pass", "fail", "pending", "none"]} />
        <Pick name="human" label="Human outcome" value={filters.human} options={outcomes} />
        <Pick name="judge" label="Judge outcome" value={filters.judge} options={outcomes} />
      </div>
      <div className="row">
        <Check name="disagree" label="human and judge disagree" value={filters.disagree} />
        <Check name="identical" label="identical outputs" value={filters.identical} />
        <Check name="missing" label="missing output" value={filters.missing} />
        <Check name="flagged" label={`open flags (${facets.flagged})`} value={filters.flagged} />
        <Check name="excluded" label={`excluded (${facets.excluded})`} value={filters.excluded} />
        {filters.cluster && <input type="hidden" name="cluster" value={filters.cluster} />}
        {filters.snapshot && <input type="hidden" name="snapshot" value={filters.snapshot} />}
        {filters.case && <input type="hidden" name="case" value={filters.case} />}
      </div>
    </Form>
  );
}
