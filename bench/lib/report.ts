/**
 * The report: one Markdown document (printed, and written to bench/results.md by a full run) with the machine,
 * the settings, the table of scenarios with their ratios, the import and scale figures, and the targets.
 */
import type { Context, Row } from './context.js';
import { CONNECTIONS, formatStatuses, loadGenerator } from './load.js';
import type { Machine } from './machine.js';
import { productionNodeFlags } from './kago.js';
import { MB } from './rss.js';
import { checkTargets } from './targets.js';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const x = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? '' : `${value.toFixed(value < 0.1 ? 3 : 2)}x`;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)}`;

/** Other ratios a row is judged by: deep page vs page 1, scale vs scenario 3. */
function otherRatio(ctx: Context, row: Row): string {
  const base =
    row.key === 'page-deep'
      ? ctx.find('page-1', 'kago')
      : row.key === 'scale-existing'
        ? ctx.find('add-existing', 'kago')
        : undefined;
  if (!base?.m || !row.m || base.m.rps === 0) return '';
  return `${x(row.m.rps / base.m.rps)} ${row.key === 'page-deep' ? 'page 1' : 'scenario 3'}`;
}

function scenarioTable(ctx: Context): string {
  const ceiling = ctx.ceilingRps();
  const ceilingCpu = ctx.ceilingCpu();
  const order = [
    'catalog',
    'catalog-br',
    'catalog-cart',
    'catalog-cart-br',
    'add-new',
    'add-existing',
    'cart-json',
    'page-1',
    'page-deep',
    'find-search',
    'find-sorted',
    'find-filtered',
    'find-suggest',
    'checkout',
    'scale-existing',
  ];
  const peers = ['ceiling', 'seed', 'kago'];
  const place = (row: Row) => order.indexOf(row.key === 'ceiling-end' ? 'catalog' : row.key);
  const rows = [...ctx.rows].sort((a, b) => place(a) - place(b) || peers.indexOf(a.peer) - peers.indexOf(b.peer));
  return table(
    [
      'scenario',
      'server',
      'req/s',
      'p50 ms',
      'p99 ms',
      'bad',
      'peak RSS MB',
      'CPU µs/answer',
      'x ceiling',
      'x ceiling CPU',
      'x seed',
      'other',
      'answers',
    ],
    rows.map((row) => {
      if (!row.m) return [row.title, row.peer, '', '', '', '', '', '', '', '', '', '', `skipped: ${row.skipped}`];
      const seed = row.peer === 'kago' ? ctx.find(row.key, 'seed')?.m : undefined;
      return [
        row.title,
        row.peer,
        row.m.rps.toFixed(0),
        String(row.m.p50),
        String(row.m.p99),
        String(row.m.bad),
        mb(row.m.peakRss),
        row.m.cpuPerAnswer ? row.m.cpuPerAnswer.toFixed(0) : '',
        ceiling && row.peer !== 'ceiling' ? x(row.m.rps / ceiling) : '',
        ceilingCpu && row.m.cpuPerAnswer && row.peer !== 'ceiling' ? x(ceilingCpu / row.m.cpuPerAnswer) : '',
        seed ? x(row.m.rps / seed.rps) : '',
        otherRatio(ctx, row),
        formatStatuses(row.m.statuses) +
          (row.m.errors ? ` errors×${row.m.errors}` : '') +
          (row.note ? `; ${row.note}` : ''),
      ];
    }),
  );
}

export function renderReport(
  ctx: Context,
  machine: Machine,
  settings: { db: string; quick: boolean; load: string; kagoEnv: string; warmupSeconds: number; seconds: number },
): string {
  const parts: string[] = [];
  parts.push(
    `# kago benchmark${settings.quick ? ' (--quick: proves the harness runs; the figures mean nothing)' : ''}`,
  );
  parts.push(
    table(
      ['machine', ''],
      [
        ['CPU', `${machine.cpu}, ${machine.cores} cores`],
        ['memory', machine.memory],
        ['OS', machine.os],
        ['Node', machine.node],
        ['date', machine.date],
        ['machine load', settings.load],
        ['kago commit', machine.commit],
        [
          'database',
          settings.db === 'postgres'
            ? 'postgres (fsync, synchronous_commit, full_page_writes on: as production, ADR 0011)'
            : settings.db,
        ],
        [
          'kago runs with',
          `node ${productionNodeFlags().join(' ')} (package.json's start:prod), NODE_ENV=production, fake Stripe keys, LOG_LEVEL=warn, ${settings.kagoEnv} (rate limits out of reach: one load generator stands in for many shoppers; at warn no line is logged per request: production's default, info, writes one JSON line per request, about 14 µs of CPU per answer, ADR 0005)`,
        ],
        [
          'load',
          `${loadGenerator() === 'wrk' ? "wrk -t1 (Debian's, C; checkout, which follows each answer's cookie, with autocannon)" : 'autocannon (wrk is not installed: apt-get install wrk)'}, ${CONNECTIONS} connections, ${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured, per server and scenario`,
        ],
      ],
    ),
  );
  parts.push(
    'Load generator and servers share the machine, so absolute figures say little; read the ratios, measured in the ' +
      "same run. x ceiling = req/s / the ceiling's fixed page (bare node:http), the mean of its runs at the start " +
      'and end of the run (they differ when other work on the machine comes and goes); x seed = kago / the seed (Flask ' +
      'under gunicorn) on the same scenario. bad = answers neither 2xx nor 3xx plus connection errors (must be 0). ' +
      "peak RSS = the most resident memory of the server's process tree (gunicorn: master + workers) sampled every 100 ms. " +
      "CPU µs/answer = the CPU time (user + system) of the server's process tree in the measured window / answers; " +
      "x ceiling CPU = the ceiling's CPU per answer / the server's. Unlike req/s, CPU per answer hardly moves when other " +
      'work shares the machine, so it is the figure to compare builds measured at different times by.',
  );
  parts.push('## Scenarios');
  parts.push(scenarioTable(ctx));
  const imported = ctx.importFacts;
  if (imported) {
    parts.push('## Import');
    parts.push(
      table(
        ['import (node dist/cli.js import)', 'seconds', 'peak RSS MB', 'memory measured by'],
        [
          [
            `${imported.products.toLocaleString('en-US')} products + ${imported.products.toLocaleString('en-US')} prices`,
            imported.seconds.toFixed(1),
            mb(imported.peakRss),
            imported.rssSource,
          ],
        ],
      ),
    );
  }
  const scale = ctx.scaleFacts;
  if (scale) {
    parts.push('## Scale');
    parts.push(
      table(
        ['sessions in the store', 'insert s', 'RSS after start MB', 'peak RSS during scenario 3 MB', 'how'],
        [
          [
            scale.sessions.toLocaleString('en-US'),
            scale.insertSeconds.toFixed(1),
            mb(scale.rssAfterStart),
            mb(scale.peakRss),
            scale.method,
          ],
        ],
      ),
    );
  }
  parts.push('## Targets (issues 7 and 18, ratios from this run; shown, never enforced)');
  parts.push(
    table(
      ['target', 'measured', 'met'],
      checkTargets(ctx).map((check) => [
        check.target,
        check.measured,
        check.met === undefined ? 'n/a' : check.met ? 'yes' : 'NO',
      ]),
    ),
  );
  if (ctx.profiles.length) {
    parts.push(
      '## CPU profiles (--cpu-prof: kago ran under the profiler, so its figures above are lower than without)',
    );
    parts.push(ctx.profiles.map((profile) => `- **${profile.label}**: ${profile.summary}`).join('\n'));
  }
  if (ctx.notes.length) {
    parts.push('## Notes');
    parts.push(ctx.notes.map((note) => `- ${note}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
