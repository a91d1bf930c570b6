/**
 * A Lighthouse-style look at one page in Chromium (Lighthouse itself is not installed, and this is NOT Lighthouse):
 * navigation timing, first and largest contentful paint, cumulative layout shift and long tasks from
 * PerformanceObserver, bytes transferred per request, and the head tags search engines read. Optionally with
 * Lighthouse's mobile throttling (4x CPU slowdown, 150 ms round trips, 1.6 Mbit/s down) through the DevTools protocol.
 *
 * In-page code is written as strings: the repository's tsconfig has no DOM types.
 */
import type { Page } from 'playwright-core';

export interface PageMetrics {
  /** Time to first byte, DOMContentLoaded and load, from navigation start (ms). */
  ttfb: number;
  domContentLoaded: number;
  load: number;
  fcp: number | null;
  lcp: number | null;
  lcpElement: string | null;
  /** Cumulative layout shift after scrolling to the end and back (lazy images loaded). */
  cls: number;
  /** Sum over long tasks of their time past 50 ms (Lighthouse's total blocking time, measured not simulated). */
  blockingTime: number;
  requests: number;
  /** Bytes over the wire (headers and body) of the document and every resource. */
  transferBytes: number;
  byType: Record<string, number>;
}

export interface SeoTags {
  status: number;
  lang: string | null;
  title: string;
  description: string | null;
  canonical: string | null;
  robots: string | null;
  viewport: boolean;
  ogTitle: string | null;
  ogImage: string | null;
  twitterCard: string | null;
  jsonLdTypes: string[];
  /** Images without width and height attributes (they move the page when they load). */
  unsizedImages: number;
  imagesWithoutAlt: number;
  /** Links with no href or href="javascript:..." (not crawlable). */
  uncrawlableLinks: number;
}

/** Lighthouse's default mobile throttling, applied with the DevTools protocol (real, not simulated). */
export async function throttleLikeMobile(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
}

/** Starts observers before any of the page's own code runs (call once per page, before goto). */
export async function observeVitals(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const vitals = (window.__vitals = { cls: 0, lcp: null, lcpElement: null, blocking: 0 });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) vitals.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => { const e = list.getEntries().at(-1); vitals.lcp = e.startTime; vitals.lcpElement = e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + String(e.element.className).split(' ')[0] : '') : null; }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) vitals.blocking += Math.max(0, e.duration - 50); }).observe({ type: 'longtask', buffered: true });
  })()`);
}

/** After `goto(..., { waitUntil: 'load' })`: scrolls to the end and back (lazy images), then reads the figures. */
export async function readMetrics(page: Page): Promise<PageMetrics> {
  await page.evaluate(
    `new Promise((resolve) => { window.scrollTo(0, document.body.scrollHeight); requestAnimationFrame(() => requestAnimationFrame(resolve)); })`,
  );
  await page.waitForLoadState('networkidle');
  await page.evaluate(
    `new Promise((resolve) => { window.scrollTo(0, 0); requestAnimationFrame(() => requestAnimationFrame(resolve)); })`,
  );
  return page.evaluate<PageMetrics>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const byType = { document: nav.transferSize };
    for (const r of resources) byType[r.initiatorType] = (byType[r.initiatorType] || 0) + r.transferSize;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const v = window.__vitals;
    return {
      ttfb: Math.round(nav.responseStart), domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd),
      fcp: fcp ? Math.round(fcp.startTime) : null, lcp: v.lcp === null ? null : Math.round(v.lcp), lcpElement: v.lcpElement,
      cls: Math.round(v.cls * 1000) / 1000, blockingTime: Math.round(v.blocking),
      requests: 1 + resources.length, transferBytes: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0), byType,
    };
  })()`);
}

export async function readSeoTags(page: Page, status: number): Promise<SeoTags> {
  const tags = await page.evaluate<Omit<SeoTags, 'status'>>(`(() => {
    const meta = (selector) => document.querySelector(selector)?.getAttribute('content') ?? null;
    const types = [...document.querySelectorAll('script[type="application/ld+json"]')].flatMap((s) => { try { const d = JSON.parse(s.textContent); return [d['@type']]; } catch { return ['(invalid JSON)']; } });
    return {
      lang: document.documentElement.getAttribute('lang'), title: document.title, description: meta('meta[name="description"]'),
      canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null, robots: meta('meta[name="robots"]'),
      viewport: Boolean(document.querySelector('meta[name="viewport"]')), ogTitle: meta('meta[property="og:title"]'), ogImage: meta('meta[property="og:image"]'),
      twitterCard: meta('meta[name="twitter:card"]'), jsonLdTypes: types,
      unsizedImages: [...document.images].filter((img) => !img.getAttribute('width') || !img.getAttribute('height')).length,
      imagesWithoutAlt: [...document.images].filter((img) => !img.hasAttribute('alt')).length,
      uncrawlableLinks: [...document.querySelectorAll('a')].filter((a) => !a.getAttribute('href') || a.getAttribute('href').startsWith('javascript:')).length,
    };
  })()`);
  return { status, ...tags };
}
