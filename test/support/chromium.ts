/**
 * Debian's Chromium for the browser suites, driven through playwright-core. `npm test` starts one Chromium for the
 * whole run (`startSharedChromium`) and names it in KAGO_TEST_CHROMIUM; each browser suite connects to it instead of
 * starting its own: a Chromium's start and stop cost about a second of CPU and several of wall time on the 2-core
 * machine, and the run has 16 browser suites. Each suite still gets browser contexts of its own (own cookies,
 * storage and pages), as a launched browser gives. A suite run without the runner launches its own.
 */
import { chromium, type Browser } from 'playwright-core';
import { findExecutable, skipUnlessAvailable } from './extras.js';

/**
 * Chromium as Debian or Ubuntu install it: its old headless shell when installed (`chromium-headless-shell`, the
 * build Playwright itself runs headless pages in), else the browser in its headless mode. The suites' pages cost the
 * shell half the CPU: the browser suites' Chromium used 229 s of the run's CPU as the browser and about half that as
 * the shell (docs/decisions/0014), on a run that is CPU-bound on two cores.
 */
export const CHROMIUM =
  findExecutable('chromium-headless-shell') ?? findExecutable('chromium') ?? findExecutable('chromium-browser');

/** The `skip` option for browser suites: a reason when Chromium is missing, undefined (run and fail) in CI. */
export const CHROMIUM_SKIP = skipUnlessAvailable(
  CHROMIUM
    ? undefined
    : 'Chromium not found (chromium-headless-shell, chromium or chromium-browser on PATH); install with: ' +
        'apt-get install chromium-headless-shell',
);

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const CHROMIUM_NEEDED =
  'Chromium is needed for this suite (CI=true never skips it): apt-get install chromium-headless-shell';

/** The run's Chromium when `npm test` started one, else one of this process's own. `close()` leaves a shared one up. */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error(CHROMIUM_NEEDED);
  const shared = process.env.KAGO_TEST_CHROMIUM;
  if (shared) return chromium.connect(shared);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Starts the run's Chromium; its WebSocket endpoint goes into KAGO_TEST_CHROMIUM for the suites. */
export async function startSharedChromium(): Promise<{ endpoint: string; pid?: number; close(): Promise<void> }> {
  if (!CHROMIUM) throw new Error(CHROMIUM_NEEDED);
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { endpoint: server.wsEndpoint(), pid: server.process().pid, close: () => server.close() };
}
