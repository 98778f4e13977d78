// Launches the system's headless Chromium through playwright-core.
//
// playwright-core never downloads a browser; we point it at Debian's
// /usr/bin/chromium (override with CHROMIUM=/path/to/chrome).
//
//   const { browser, newPage } = await launch();
//   const page = await newPage(url);   // page.consoleMessages, page.pageErrors
//   ...
//   await browser.close();

import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * @returns {Promise<{browser: import("playwright-core").Browser,
 *   newPage: (url?: string) => Promise<import("playwright-core").Page & {
 *     consoleMessages: {type: string, text: string}[], pageErrors: Error[]}>}>}
 */
export async function launch({ extraArgs = [] } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const context = await browser.newContext();

  async function newPage(url) {
    const page = await context.newPage();
    // Collected on the page object so a test can assert the page survived a
    // guest run (no uncaught errors) and can read what the guest logged.
    page.consoleMessages = [];
    page.pageErrors = [];
    page.on("console", (msg) => page.consoleMessages.push({ type: msg.type(), text: msg.text() }));
    page.on("pageerror", (err) => page.pageErrors.push(err));
    // Console messages from the page's dedicated workers arrive here as well.
    if (url) await page.goto(url);
    return page;
  }

  return { browser, context, newPage };
}
