/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
import type { AppContext } from "./app/context.server";

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface AppLoadContext extends AppContext {}
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
