import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startApp, type RunningApp } from "./app.ts";
import { launchBrowser } from "./browser.ts";

/**
 * One server (on a fresh database) and one Chromium for a whole end-to-end test file: started
 * before its tests, stopped after. Read `.app` and `.browser` inside tests and hooks. `env` is read
 * when the server starts (after the file's earlier beforeAll hooks, e.g. a stub's URL).
 */
export function useAppAndBrowser(env: () => Record<string, string> = () => ({})): { readonly app: RunningApp; readonly browser: Browser } {
  const holder = {} as { app: RunningApp; browser: Browser };
  beforeAll(async () => {
    holder.app = await startApp(env());
    holder.browser = await launchBrowser();
  });
  afterAll(async () => {
    await holder.browser?.close();
    await holder.app?.stop();
  });
  return holder;
}
