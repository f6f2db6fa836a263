import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useContext, type ReactNode } from "react";
import { NonceContext } from "./nonce";
import { getUser, type SessionUser } from "./services/auth.server";
import { NAV_BY_ROLE } from "./navigation";
import styles from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 16 16%22%3E%3Crect width=%2216%22 height=%2216%22 rx=%223%22 fill=%22%232f5bd3%22/%3E%3C/svg%3E" },
];
export const meta: MetaFunction = () => [{ title: "Arbiter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  return { user };
}

function TopBar({ user }: { user: SessionUser | null }) {
  return (
    <header className="topbar">
      <a className="brand" href="/">
        Arbiter<span>.</span>
      </a>
      <nav className="nav" aria-label="Main">
        {user &&
          NAV_BY_ROLE[user.role].map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          ))}
      </nav>
      {user && (
        <div className="who">
          <span data-testid="who">{user.name}</span>
          <span className="role">{user.role}</span>
          <Form method="post" action="/logout">
            <button type="submit">Sign out</button>
          </Form>
        </div>
      )}
    </header>
  );
}

function Document({ children, user }: { children: ReactNode; user: SessionUser | null }) {
  const nonce = useContext(NonceContext);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <TopBar user={user} />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <Document user={user}>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  let title = "Something went wrong";
  let detail = "The error has been logged. Try again, or go back to your home page.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 403) {
      title = "Not allowed";
      detail = typeof error.data === "string" ? error.data : "Your role does not give access to this page.";
    } else if (error.status === 404) {
      title = "Not found";
      detail = typeof error.data === "string" && error.data ? error.data : "There is nothing at this address.";
    } else {
      title = `${error.status} ${error.statusText}`;
      detail = typeof error.data === "string" ? error.data : detail;
    }
  }
  return (
    <Document user={data?.user ?? null}>
      <main>
        <div className="panel">
          <h1 data-testid="error-title">{title}</h1>
          <p>{detail}</p>
          <a className="btn secondary" href="/">
            Go to my home page
          </a>
        </div>
      </main>
    </Document>
  );
}
