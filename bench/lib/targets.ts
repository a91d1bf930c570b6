/**
 * The targets of issues 7 and 18, checked against one run's figures and shown next to them. They never fail
 * the run: on a shared 2-core machine they are a direction, not a gate.
 */
import type { Context, Row } from './context.js';
import { MB } from './rss.js';

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined when the figures it needs were not measured in this run. */
  met: boolean | undefined;
}

function rps(row: Row | undefined): number | undefined {
  return row?.m && row.m.requests > 0 ? row.m.rps : undefined;
}

function ratio(a: Row | undefined, b: Row | undefined): number | undefined {
  const x = rps(a);
  const y = rps(b);
  return x !== undefined && y !== undefined && y > 0 ? x / y : undefined;
}

function atLeast(target: string, value: number | undefined, min: number, unit = 'x'): TargetCheck {
  return {
    target,
    measured: value === undefined ? 'not measured' : `${value.toFixed(value < 0.1 ? 3 : 2)}${unit}`,
    met: value === undefined ? undefined : value >= min,
  };
}

function below(target: string, value: number | undefined, max: number, unit: string, digits = 1): TargetCheck {
  return {
    target,
    measured: value === undefined ? 'not measured' : `${value.toFixed(digits)} ${unit}`,
    met: value === undefined ? undefined : value < max,
  };
}

export function checkTargets(ctx: Context): TargetCheck[] {
  const kago = (key: string) => ctx.find(key, 'kago');
  const seed = (key: string) => ctx.find(key, 'seed');
  const ceilingRps = ctx.ceilingRps();
  const ceiling: Row | undefined =
    ceilingRps === undefined
      ? undefined
      : {
          key: 'ceiling',
          title: 'ceiling (mean)',
          peer: 'ceiling',
          m: { ...ctx.find('catalog', 'ceiling')!.m!, rps: ceilingRps },
        };
  const checks: TargetCheck[] = [
    atLeast('1. catalog >= 8x seed', ratio(kago('catalog'), seed('catalog')), 8),
    atLeast('1. catalog >= 0.30x ceiling', ratio(kago('catalog'), ceiling), 0.3),
    atLeast('1. catalog, gzip/br asked, >= 8x seed', ratio(kago('catalog-br'), seed('catalog-br')), 8),
    atLeast('1. catalog, gzip/br asked, >= 0.30x ceiling', ratio(kago('catalog-br'), ceiling), 0.3),
    atLeast('2. add, new visitor >= 4x seed', ratio(kago('add-new'), seed('add-new')), 4),
    atLeast('2. add, new visitor >= 0.15x ceiling', ratio(kago('add-new'), ceiling), 0.15),
    atLeast('3. add, existing session >= 4x seed', ratio(kago('add-existing'), seed('add-existing')), 4),
    atLeast('3. add, existing session >= 0.15x ceiling', ratio(kago('add-existing'), ceiling), 0.15),
    atLeast('4. /cart.js >= 0.30x ceiling', ratio(kago('cart-json'), ceiling), 0.3),
  ];
  ['catalog', 'catalog-br', 'catalog-cart', 'catalog-cart-br', 'add-new', 'add-existing', 'cart-json'].forEach(
    (key) => {
      checks.push(below(`${key} p99 < 20 ms`, kago(key)?.m?.p99, 20, 'ms', 1));
    },
  );
  checks.push(atLeast('5. deep page >= 0.7x page 1', ratio(kago('page-deep'), kago('page-1')), 0.7));
  for (const key of ['find-search', 'find-sorted', 'find-filtered', 'find-suggest'])
    checks.push(below(`8. ${key.slice(5)} p99 < 50 ms (16 connections)`, kago(key)?.m?.p99, 50, 'ms', 0));
  const imported = ctx.importFacts;
  const label = imported ? imported.products.toLocaleString('en-US') : '100,000';
  checks.push(below(`6. import of ${label} < 20 s`, imported?.seconds, 20, 's'));
  checks.push(below(`6. import of ${label} < 300 MB`, imported && imported.peakRss / MB, 300, 'MB', 0));
  const scale = ctx.scaleFacts;
  const sessions = scale ? scale.sessions.toLocaleString('en-US') : '1,000,000';
  checks.push(below(`scale: RSS with ${sessions} sessions < 300 MB`, scale && scale.peakRss / MB, 300, 'MB', 0));
  checks.push(
    atLeast(
      `scale: scenario 3 with ${sessions} sessions >= 0.8x`,
      ratio(kago('scale-existing'), kago('add-existing')),
      0.8,
    ),
  );
  const bad = ctx.rows.filter((row) => row.m && row.m.bad > 0);
  checks.push({
    target: 'every answer 2xx/3xx (bad = 0)',
    measured: bad.length
      ? bad.map((row) => `${row.peer} ${row.title.split(' ')[0]} ${row.m!.bad}`).join(', ')
      : 'all 0',
    met: ctx.rows.some((row) => row.m) ? bad.length === 0 : undefined,
  });
  return checks;
}
