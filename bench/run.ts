/**
 * `npm run bench`: kago against the seed's Flask app and a bare node:http ceiling, in one run on one machine.
 * Parses the flags, builds kago, runs the chosen scenarios in order, prints the report and writes it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Context, type Sizes } from './lib/context.js';
import { openDatabases, type DbKind } from './lib/databases.js';
import { buildKago, UNREACHABLE_RATE_LIMITS, userEnv } from './lib/kago.js';
import { describeMachine } from './lib/machine.js';
import { ROOT, stopAll } from './lib/proc.js';
import { renderReport } from './lib/report.js';
import { SCENARIOS } from './scenarios/index.js';

const FULL = { warmupSeconds: 3, seconds: 10 };
const QUICK = { warmupSeconds: 0.5, seconds: 1.5 };
const FULL_SIZES: Sizes = { sessionPool: 200, cartJsonPool: 200, largeCatalog: 100_000, scaleSessions: 1_000_000 };
const QUICK_SIZES: Sizes = { sessionPool: 100, cartJsonPool: 50, largeCatalog: 20_000, scaleSessions: 20_000 };

const HELP = `Usage: npm run bench -- [options]

Benchmarks kago (built with npm run build, run as node dist/main.js in production mode) against the seed
(bench/peers/flask-seed: the article's Flask app under gunicorn) and a ceiling (bench/peers/ceiling.ts: bare
node:http, fixed page), each on a free loopback port with its own temp dir. Prints a table of req/s, p50/p99,
non-2xx/3xx answers, server peak RSS and ratios to the ceiling and the seed, with the issue's targets.

Options:
  --quick               ~2 s per measurement and small sizes (pools of ${QUICK_SIZES.sessionPool}, a ${QUICK_SIZES.largeCatalog.toLocaleString('en-US')}-product
                        catalog): proves the harness works; checks no figure. Writes bench/output/results-quick.md.
  --db sqlite|postgres  kago's database (default sqlite). postgres starts a throwaway server (initdb, free port)
                        as the test suites do; needs: apt-get install postgresql
  --scale               also run "scale": ${FULL_SIZES.scaleSessions.toLocaleString('en-US')} sessions in kago's store (inserted in batches),
                        server memory, and scenario 3 rerun against that store (adds a few minutes).
  --only <names>        run only these scenarios (comma-separated, or repeat the flag). Names:
${SCENARIOS.map((scenario) => `                          ${scenario.name.padEnd(14)} ${scenario.description}`).join('\n')}
  --skip-build          use the existing dist/ instead of running npm run build.
  --env KEY=VALUE       an extra environment variable for every kago process (repeatable), e.g.
                        --env WORKERS=2 or --env REDIS_URL=redis://127.0.0.1:6379; shown in the report.
  --cpu-prof            run kago under node --cpu-prof (profiles in bench/output/profiles/) and add a summary
                        of where its CPU time went to the report (the profiler slows kago down).
  --out <file>          where to write the report (default: bench/results.md for a full sqlite run,
                        bench/results-postgres.md for --db postgres, bench/output/results-*.md otherwise).
  -h, --help            this text.

Every measurement: wrk -t1 when installed (else autocannon; KAGO_BENCH_LOAD=autocannon forces it), 64 connections, ${FULL.warmupSeconds} s warm-up, ${FULL.seconds} s measured. The seed peer needs
Flask and gunicorn (apt-get install python3-flask gunicorn); without them it is skipped with a line saying so.`;

interface Flags {
  quick: boolean;
  db: DbKind;
  scale: boolean;
  only: string[] | undefined;
  skipBuild: boolean;
  cpuProf: boolean;
  env: Record<string, string>;
  out: string | undefined;
}

function parseFlags(argv: string[]): Flags | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      db: { type: 'string', default: 'sqlite' },
      scale: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      'skip-build': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      env: { type: 'string', multiple: true },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.db !== 'sqlite' && values.db !== 'postgres')
    throw new Error(`--db must be sqlite or postgres (got ${values.db})`);
  const only = values.only
    ?.flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = only?.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown?.length)
    throw new Error(
      `--only: unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new Error(`--env takes KEY=VALUE (got ${pair})`);
    env[match[1]!] = match[2]!;
  }
  return {
    quick: values.quick,
    db: values.db,
    scale: values.scale,
    only,
    skipBuild: values['skip-build'],
    cpuProf: values['cpu-prof'],
    env,
    out: values.out,
  };
}

/** The scenarios to run, in order. "scale" needs scenario 3 on a small store as its baseline. */
function selected(flags: Flags): typeof SCENARIOS {
  const names = new Set(
    flags.only ?? SCENARIOS.filter((scenario) => scenario.name !== 'scale').map((scenario) => scenario.name),
  );
  if (flags.scale) names.add('scale');
  if (names.has('scale')) names.add('add-existing');
  return SCENARIOS.filter((scenario) => names.has(scenario.name));
}

function reportPath(flags: Flags, failed: boolean): string {
  if (flags.out) return path.resolve(flags.out);
  if (failed) return path.join(ROOT, 'bench/output/results-failed.md'); // keep the last good results
  if (flags.quick) return path.join(ROOT, 'bench/output/results-quick.md');
  if (flags.only || flags.cpuProf || Object.keys(flags.env).length)
    return path.join(ROOT, 'bench/output/results-partial.md');
  return path.join(ROOT, flags.db === 'postgres' ? 'bench/results-postgres.md' : 'bench/results.md');
}

async function main(): Promise<number> {
  let flags: Flags | 'help';
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (flags === 'help') {
    console.log(HELP);
    return 0;
  }
  const scenarios = selected(flags);
  Object.assign(userEnv, flags.env);
  const timing = flags.quick ? QUICK : FULL;
  const started = Date.now();
  const loadBefore = loadavg()[0]!;
  if (loadBefore > availableParallelism() / 2) {
    console.log(
      `bench: note: the machine is busy (1-minute load average ${loadBefore.toFixed(1)} on ${availableParallelism()} cores); figures will be noisy`,
    );
  }
  console.log(
    `bench: ${scenarios.map((scenario) => scenario.name).join(', ')}; db ${flags.db}${flags.quick ? '; --quick' : ''}`,
  );
  if (!flags.skipBuild) {
    console.log('building kago (npm run build) ...');
    await buildKago((line) => console.log(line));
  }
  const db = await openDatabases(flags.db);
  const cpuProfDir = flags.cpuProf ? path.join(ROOT, 'bench/output/profiles') : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const ctx = new Context({
    quick: flags.quick,
    cpuProfDir,
    db,
    timing,
    sizes: flags.quick ? QUICK_SIZES : FULL_SIZES,
  });
  let failed = 0;
  try {
    for (const scenario of scenarios) {
      console.log(`\n[${scenario.name}] ${scenario.description}`);
      try {
        await scenario.run(ctx);
      } catch (error) {
        failed++;
        const message = (error as Error).message.split('\n').slice(0, 4).join(' / ');
        ctx.note(`scenario ${scenario.name} failed: ${message}`);
      }
    }
    await ctx
      .ceilingAgain()
      .catch((error: unknown) => ctx.note(`the ceiling's second run failed: ${(error as Error).message}`));
  } finally {
    await ctx.close();
    await db.close();
    await stopAll();
  }
  const load = `1-minute load average ${loadBefore.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (other work on the machine shows here)`;
  const kagoEnv = Object.entries({ ...UNREACHABLE_RATE_LIMITS, ...flags.env })
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const machine = describeMachine();
  if (flags.skipBuild) machine.commit += ' (--skip-build: dist/ as found, possibly built from other code)';
  const report = renderReport(ctx, machine, { db: flags.db, quick: flags.quick, load, kagoEnv, ...timing });
  const out = reportPath(flags, failed > 0);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, report);
  console.log(`\n${report}`);
  console.log(
    `bench: report written to ${path.relative(process.cwd(), out)} (${Math.round((Date.now() - started) / 1000)} s)`,
  );
  if (failed) console.error(`bench: ${failed} scenario(s) failed; see the notes above`);
  return failed ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping the servers`);
    void stopAll().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll();
    process.exit(1);
  },
);
