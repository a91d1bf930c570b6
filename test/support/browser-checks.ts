/**
 * Checks the browser suites run on any page: axe-core (serious and critical violations fail), screenshots into
 * one folder per test run, "wait until" with a readable failure, and a few in-page measurements.
 *
 * The repository's tsconfig has no DOM types, so code that runs in the page is written as strings.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from './processes.js';

// ---- axe-core --------------------------------------------------------------------------------------------------

const AXE_SOURCE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string[]; html: string; failureSummary?: string }>;
}

/**
 * Runs axe-core on the page as it is now. The shop's Content Security Policy (script-src 'self') blocks inline
 * scripts, so `page.addScriptTag({ content })` would fail (and log a CSP error); evaluating the source through the
 * DevTools protocol is not subject to CSP, and the page keeps its real policy.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
    })))`,
  );
}

/** One readable block per violation: rule, impact, what to fix, and every element (selector and HTML). */
export function formatViolations(pageName: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const shown = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${n.target.join(' ')}\n      ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (v.nodes.length > shown.length) shown.push(`    ... and ${v.nodes.length - shown.length} more`);
      return `[${pageName}] ${v.id} (${v.impact}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}\n    ${v.helpUrl}\n${shown.join('\n')}`;
    })
    .join('\n');
}

/** Collects axe results over several pages; fails once, at the end, listing every page's serious and critical ones. */
export class AxeReport {
  private blocking: string[] = [];

  /** Runs axe on the page; prints minor and moderate violations, keeps serious and critical ones for `assertClean`. */
  async check(page: Page, pageName: string): Promise<void> {
    const violations = await runAxe(page);
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const mild = violations.filter((v) => !blocking.includes(v));
    if (mild.length > 0) console.log(`axe, minor or moderate (not failing):\n${formatViolations(pageName, mild)}`);
    if (blocking.length > 0) this.blocking.push(formatViolations(pageName, blocking));
  }

  assertClean(): void {
    const found = this.blocking;
    this.blocking = [];
    assert.equal(found.length, 0, `axe found serious or critical violations:\n${found.join('\n')}`);
  }
}

// ---- screenshots -----------------------------------------------------------------------------------------------

/**
 * `KAGO_E2E_SCREENSHOTS=<folder>`: the browser suites keep a PNG of each page they check there, to look at. Without
 * it they take none: encoding full-page PNGs was about 15 % of the largest browser suites' CPU, and nobody looks at
 * a run's screenshots unless they asked for them.
 */
export const SCREENSHOT_DIR = process.env.KAGO_E2E_SCREENSHOTS || undefined;

let screenshotsTaken = 0;

/**
 * A full-page PNG named after the page and the viewport, e.g. `cart-filled-390x844.png`, when screenshots are asked
 * for (`SCREENSHOT_DIR`); `fullPage: false` takes only what the window shows (for what is fixed to it, such as the
 * "Added" notice). Returns the file, or undefined when none was taken.
 */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<string | undefined> {
  if (!SCREENSHOT_DIR) return undefined;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize();
  const file = path.join(SCREENSHOT_DIR, `${name}-${size ? `${size.width}x${size.height}` : 'page'}.png`);
  await page.screenshot({ path: file, fullPage });
  screenshotsTaken += 1;
  return file;
}

/** For an `after` hook: where this file's screenshots went. */
export function screenshotSummary(): string | undefined {
  return screenshotsTaken > 0 ? `${screenshotsTaken} screenshots in ${SCREENSHOT_DIR}` : undefined;
}

// ---- waiting and measuring -------------------------------------------------------------------------------------

/** Polls `read` until it returns `expected` (deep equal), then returns; fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  expected: T,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    try {
      assert.deepEqual(last, expected);
      return;
    } catch {
      if (Date.now() > deadline)
        assert.deepEqual(last, expected, `${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the element's trimmed text is `expected`. */
export function expectText(locator: Locator, expected: string, what = 'text'): Promise<void> {
  return eventually(
    async () =>
      (
        (await locator
          .first()
          .textContent({ timeout: 2_000 })
          .catch(() => null)) ?? ''
      ).trim(),
    expected,
    what,
  );
}

/** How wide the document is, against the viewport (a phone must not scroll sideways). */
export function documentWidth(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
}

/** Up to five elements reaching past `width` CSS pixels, as `tag.class (right edge)`, to say what overflows. */
export function elementsWiderThan(page: Page, width: number): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('body *')]
    .map((el) => [el, el.getBoundingClientRect().right])
    .filter(([, right]) => right > ${width} + 1)
    .slice(-5)
    .map(([el, right]) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '') + ' (right edge ' + Math.round(right) + 'px)')`);
}

export interface FocusedElement {
  tag: string;
  name: string;
  focusVisible: boolean;
  outline: string;
  boxShadow: string;
}

/** The focused element, its text, whether it matches :focus-visible, and its computed focus ring. */
export function focusedElement(page: Page): Promise<FocusedElement | null> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      name: (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\\s+/g, ' ').trim(),
      focusVisible: el.matches(':focus-visible'),
      outline: style.outlineStyle === 'none' ? 'none' : style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
      boxShadow: style.boxShadow,
    };
  })()`);
}

/** A focus ring is drawn: an outline of some width, or a box-shadow. */
export function hasVisibleFocusRing(focused: FocusedElement): boolean {
  const outlineShown = focused.outline !== 'none' && !/ 0px /.test(focused.outline);
  return focused.focusVisible && (outlineShown || focused.boxShadow !== 'none');
}
