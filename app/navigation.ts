import type { Role } from "../db/types";

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** What each role sees in the top bar; each page still checks the role itself. */
export const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  annotator: [
    { to: "/annotate", label: "My queue", end: true },
    { to: "/account", label: "Account" },
  ],
  lead: [
    { to: "/lead", label: "Evals", end: true },
    { to: "/people", label: "People" },
    { to: "/endpoints", label: "Endpoints" },
    { to: "/tokens", label: "API tokens" },
    { to: "/account", label: "Account" },
  ],
  owner: [
    { to: "/owner", label: "Decisions", end: true },
    { to: "/people", label: "People" },
    { to: "/endpoints", label: "Endpoints" },
    { to: "/tokens", label: "API tokens" },
    { to: "/account", label: "Account" },
  ],
};
