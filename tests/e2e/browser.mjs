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

/**
 * Which browser the end-to-end tests drive: `E2E_BROWSER=firefox` runs them in Debian's
 * firefox-esr (FIREFOX=/path overrides) through puppeteer-core over WebDriver BiDi, with the
 * page wrapped to the part of Playwright's Page API the tests use; Chromium otherwise.
 */
export const BROWSER = process.env.E2E_BROWSER ?? "chromium";

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
export async function launch({ extraArgs = [], browser: which = BROWSER } = {}) {
  if (which === "firefox") return launchFirefox(extraArgs);
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

/** Firefox through puppeteer-core (WebDriver BiDi), pages wrapped as Playwright's. */
async function launchFirefox(extraArgs) {
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    protocol: "webDriverBiDi",
    // Chromium's flags (--js-flags=...) mean nothing here; the CPU probe's marker (cpu.mjs),
    // which Firefox ignores, finds its processes.
    args: extraArgs.filter((a) => a.startsWith("--wasip1-")),
  });
  async function newPage(url) {
    const raw = await browser.newPage();
    const page = {
      consoleMessages: [],
      pageErrors: [],
      raw,
      evaluate: (fn, arg) => raw.evaluate(fn, arg),
      goto: (u) => raw.goto(u),
      reload: () => raw.reload(),
      close: () => raw.close(),
      on: (event, fn) => raw.on(event, fn),
      click: (sel) => raw.click(sel),
      textContent: (sel) => raw.$eval(sel, (e) => e.textContent),
      screenshot: (opts) => raw.screenshot(opts),
      keyboard: raw.keyboard,
      $eval: (sel, fn, arg) => raw.$eval(sel, fn, arg),
      $$eval: (sel, fn, arg) => raw.$$eval(sel, fn, arg),
      waitForSelector: (sel, { timeout } = {}) => raw.waitForSelector(sel, { timeout }),
      selectOption: (sel, value) => raw.select(sel, value),
      fill: (sel, value) =>
        raw.$eval(
          sel,
          (e, v) => {
            e.value = v;
            e.dispatchEvent(new Event("input", { bubbles: true }));
            e.dispatchEvent(new Event("change", { bubbles: true }));
          },
          value,
        ),
    };
    // Playwright's name for a console.warn message is "warning"; puppeteer's is "warn".
    raw.on("console", (msg) => page.consoleMessages.push({ type: msg.type() === "warn" ? "warning" : msg.type(), text: msg.text() }));
    raw.on("pageerror", (err) => page.pageErrors.push(err));
    if (url) await raw.goto(url);
    return page;
  }
  return { browser, context: null, newPage };
}
