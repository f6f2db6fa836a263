/**
 * Debian's Chromium driven by playwright-core. Without a Chromium the end-to-end tests skip with a
 * loud warning, unless E2E_REQUIRED=1 (CI), which turns the absence into a failure.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(
  (p): p is string => Boolean(p),
);

export const chromiumPath = CANDIDATES.find((p) => existsSync(p));
export const e2eRequired = process.env.E2E_REQUIRED === "1";

/** True when the e2e tests should be skipped (and a warning has been printed). */
export function skipE2E(): boolean {
  if (chromiumPath) return false;
  if (e2eRequired) throw new Error("E2E_REQUIRED=1 but no Chromium was found (install Debian's chromium package)");
  console.warn(
    "\n" + "!".repeat(78) + "\n!! END-TO-END TESTS SKIPPED: no Chromium found at " + CANDIDATES.join(", ") +
      "\n!! install it with: apt-get install -y chromium   (CI sets E2E_REQUIRED=1 and fails instead)\n" + "!".repeat(78) + "\n",
  );
  return true;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export const SCREENSHOT_DIR = resolve(import.meta.dirname, "../screenshots");

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function loginAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click('button[type="submit"]')]);
}
