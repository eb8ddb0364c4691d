// What Quiver's browser checks of the console share: a headless browser through puppeteer-core (Debian's
// Chromium over the DevTools protocol, or Debian's Firefox ESR over WebDriver BiDi), and ways to find
// things on the page as a person does: controls by their <label> text (so an unlabelled control cannot be
// used), buttons and links by their text or aria-label.
import puppeteer from 'puppeteer-core';

export const STEP_MS = 20000;   // the longest any one wait may take

const LAUNCH = {
  chromium: { browser: 'chrome', executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] },
  firefox: { browser: 'firefox', executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr' },
};

export function launch(name) {
  if (!LAUNCH[name]) throw new Error(`unknown browser ${name}: chromium or firefox`);
  return puppeteer.launch({ ...LAUNCH[name], headless: true, timeout: 90000, protocolTimeout: 60000,
    defaultViewport: { width: 1280, height: 800 } });
}

/** log and check, each line stamped with the browser and the seconds since start. */
export function checker(name) {
  const t0 = Date.now();
  const log = (...a) => console.log(`[${name} ${((Date.now() - t0) / 1000).toFixed(1)} s]`, ...a);
  const check = (ok, what) => {
    if (!ok) throw new Error('check failed: ' + what);
    log('ok:', what);
  };
  return { log, check };
}

const cssId = (id) => '#' + id.replace(/[^\w-]/g, (c) => '\\' + c);

/** The CSS selector of the visible control whose <label> reads exactly `label` (the label's own words, not its nested control's). */
export async function control(page, label) {
  const id = await page.waitForFunction((t) => {
    for (const l of document.querySelectorAll('label')) {
      const own = [...l.childNodes].filter((n) => !(n.nodeType === 1 && n.matches('input, select, textarea')))
        .map((n) => n.textContent).join('').trim();
      if (own === t && l.control && l.control.id && l.control.getClientRects().length) return l.control.id;
    }
    return null;
  }, { timeout: STEP_MS }, label);
  return cssId(await id.jsonValue());
}

export async function fill(page, label, value) {
  const sel = await control(page, label);
  await page.$eval(sel, (e) => { e.value = ''; });
  await page.locator(sel).fill(String(value));
}

export async function select(page, label, value) {
  await page.select(await control(page, label), value);
}

/** Clicks the visible button or link whose text (or aria-label) is `name`. */
export async function click(page, name) {
  const h = await page.waitForFunction((n) => [...document.querySelectorAll('button, a')]
    .find((b) => b.getClientRects().length && (b.getAttribute('aria-label') || b.textContent.trim()) === n) || null,
  { timeout: STEP_MS }, name);
  await h.asElement().click();
}

export const text = (page, sel) => page.$eval(sel, (e) => e.textContent);
export const texts = (page, sel) => page.$$eval(sel, (es) => es.map((e) => e.textContent.trim()));
export const count = (page, sel) => page.$$eval(sel, (es) => es.length);
export const visible = (page, sel) => page.waitForSelector(sel, { visible: true, timeout: STEP_MS });

/** Until `sel` is shown and its text matches `re`. */
export const waitText = (page, sel, re) => page.waitForFunction((s, src) => {
  const e = document.querySelector(s);
  return e && !e.hidden && new RegExp(src).test(e.textContent);
}, { timeout: STEP_MS }, sel, re.source);

/** Waits for the error box and returns its text. */
export async function apiError(page) {
  await visible(page, '#error');
  return text(page, '#error');
}
