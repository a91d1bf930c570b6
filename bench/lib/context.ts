/**
 * What every scenario shares in one run: options, sizes, the session secret, the database provider, the
 * peers (the seed started once, lazily; the ceiling measured at the start and the end), kago instances,
 * the large imported catalog (built once), and the results.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Databases, Store } from './databases.js';
import { DEMO_PRICES, DEMO_PRODUCTS, importWithCli, startKago, type ImportRun } from './kago.js';
import { getPath, measure, type LoadSpec, type Measurement, type Timing } from './load.js';
import { ROOT, runToEnd } from './proc.js';
import { summariseProfile } from './profile.js';
import { seedUnavailableReason, startCeiling, startSeed, type PeerName, type Server } from './servers.js';

export interface Sizes {
  /** Sessions in the pools of scenarios 3 and 4. */
  sessionPool: number;
  /** Sessions in the pool of /cart.js (10 lines each). */
  cartJsonPool: number;
  /** Products (and prices) of the large catalog (scenarios 5 and 6). */
  largeCatalog: number;
  /** Sessions inserted for --scale. */
  scaleSessions: number;
}

export interface Row {
  /** Stable key shared by the peers measured on the same thing (`catalog`, `add-new`, ...). */
  key: string;
  /** Scenario number and what was requested, as shown in the table. */
  title: string;
  peer: PeerName;
  m?: Measurement;
  skipped?: string;
  note?: string;
}

export interface ScaleFacts {
  sessions: number;
  insertSeconds: number;
  rssAfterStart: number;
  peakRss: number;
  method: string;
}

export interface Options {
  quick: boolean;
  /** --cpu-prof: directory for kago's CPU profiles (one per kago process), summarised in the report. */
  cpuProfDir: string | undefined;
  db: Databases;
  timing: Timing;
  sizes: Sizes;
}

export class Context {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  /** --cpu-prof summaries, per kago instance. */
  readonly profiles: { label: string; summary: string }[] = [];
  importFacts: (ImportRun & { products: number }) | undefined;
  scaleFacts: ScaleFacts | undefined;
  /** SESSION_SECRET of every kago instance in this run (random, 48 bytes, base64url). */
  readonly secret = randomBytes(48).toString('base64url');
  /** Products of the demo catalog that can be bought (active, with a one-time price). */
  readonly demoProductIds = sellableProducts(DEMO_PRODUCTS, DEMO_PRICES);

  private ceilingRow: Promise<Row> | undefined;
  private seedServer: Promise<Server | undefined> | undefined;
  private large: Promise<{ store: Store; products: number; pageCount: number }> | undefined;

  constructor(readonly options: Options) {}

  get quick(): boolean {
    return this.options.quick;
  }
  get sizes(): Sizes {
    return this.options.sizes;
  }

  log(line: string): void {
    console.log(line);
  }

  /** A line for the report's notes (also printed now). */
  note(line: string): void {
    this.notes.push(line);
    this.log(`  note: ${line}`);
  }

  /** Measures `spec` on `server` and records the row. */
  async measure(row: Omit<Row, 'm'>, server: Server, spec: LoadSpec): Promise<Row> {
    this.log(`  ${row.peer.padEnd(7)} ${row.title} ...`);
    const m = await measure(server, spec, this.options.timing);
    const done = { ...row, m };
    this.rows.push(done);
    this.log(`  ${row.peer.padEnd(7)} ${Math.round(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, bad ${m.bad}`);
    return done;
  }

  skip(row: Omit<Row, 'm' | 'skipped'>, reason: string): void {
    this.rows.push({ ...row, skipped: reason });
    this.log(`  ${row.peer.padEnd(7)} ${row.title}: skipped: ${reason}`);
  }

  find(key: string, peer: PeerName): Row | undefined {
    return this.rows.find((row) => row.key === key && row.peer === peer);
  }

  /**
   * The ceiling's fixed page, measured at the start of the run (and again at its end, ceilingAgain()):
   * the denominator of every "x ceiling" is the mean of the two, so load that comes and goes on a shared
   * machine shows as a drift between them instead of silently skewing the ratios.
   */
  ceilingBaseline(): Promise<Row> {
    this.ceilingRow ??= (async () => {
      const server = await startCeiling();
      try {
        return await this.measure(
          { key: 'catalog', title: '1. GET / (fixed page), run start', peer: 'ceiling' },
          server,
          getPath('/'),
        );
      } finally {
        await server.stop();
      }
    })();
    return this.ceilingRow;
  }

  /** The ceiling once more at the end of a run that measured it at the start. */
  async ceilingAgain(): Promise<void> {
    if (!this.ceilingRow) return;
    const server = await startCeiling();
    try {
      await this.measure(
        { key: 'ceiling-end', title: '   GET / (fixed page), run end', peer: 'ceiling' },
        server,
        getPath('/'),
      );
    } finally {
      await server.stop();
    }
  }

  /** Mean req/s of the ceiling's measurements in this run, or undefined. */
  ceilingRps(): number | undefined {
    const runs = this.rows.filter((row) => row.peer === 'ceiling' && row.m).map((row) => row.m!.rps);
    return runs.length ? runs.reduce((a, b) => a + b, 0) / runs.length : undefined;
  }

  /** Mean CPU microseconds per answer of the ceiling's measurements in this run, or undefined. */
  ceilingCpu(): number | undefined {
    const runs = this.rows
      .filter((row) => row.peer === 'ceiling' && row.m?.cpuPerAnswer)
      .map((row) => row.m!.cpuPerAnswer);
    return runs.length ? runs.reduce((a, b) => a + b, 0) / runs.length : undefined;
  }

  /** The seed on the demo catalog, started once; undefined (with a note) when Flask/gunicorn are missing. */
  seed(): Promise<Server | undefined> {
    this.seedServer ??= (async () => {
      const reason = await seedUnavailableReason();
      if (reason) {
        this.note(`seed peer skipped: ${reason}`);
        return undefined;
      }
      return startSeed({ products: DEMO_PRODUCTS, prices: DEMO_PRICES, secret: randomBytes(32).toString('hex') });
    })();
    return this.seedServer;
  }

  /** kago on `store` (lib/kago.ts), under `node --cpu-prof` with --cpu-prof; its profile is summarised when it stops. */
  async startKago(store: Store, extraEnv: Record<string, string> = {}): Promise<Server> {
    const dir = this.options.cpuProfDir;
    if (!dir) return startKago(store, this.secret, extraEnv);
    const file = `${store.label}-${Date.now()}.cpuprofile`;
    const server = await startKago(store, this.secret, extraEnv, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-name=${file}`,
    ]);
    return {
      ...server,
      stop: async () => {
        await server.stop();
        try {
          const summary = summariseProfile(path.join(dir, file));
          this.profiles.push({ label: store.label, summary });
          this.log(`  kago    cpu profile (${store.label}): ${summary}`);
        } catch (error) {
          this.note(`no CPU profile for ${store.label}: ${(error as Error).message}`);
        }
      },
    };
  }

  /** A fresh kago (own DATA_DIR and database) with the demo catalog imported by the CLI. Stop and drop after. */
  async freshKago(
    label: string,
    extraEnv: Record<string, string> = {},
  ): Promise<{ server: Server; store: Store; done(): Promise<void> }> {
    const store = await this.options.db.newStore(label);
    let server: Server;
    try {
      await importWithCli(store, this.secret, DEMO_PRODUCTS, DEMO_PRICES);
      server = await this.startKago(store, extraEnv);
    } catch (error) {
      await store.drop();
      throw error;
    }
    return {
      server,
      store,
      async done() {
        await server.stop();
        await store.drop();
      },
    };
  }

  /**
   * The large catalog (bench/generate-catalog.ts, imported with the CLI into its own store), built once.
   * The import is what scenario 6 measures.
   */
  largeCatalog(): Promise<{ store: Store; products: number; pageCount: number }> {
    this.large ??= (async () => {
      const count = this.sizes.largeCatalog;
      const dir = path.join(tmpdir(), `kago-bench-catalog-${count}`);
      this.log(`  generating ${count} products and prices (bench/generate-catalog.ts) ...`);
      const generated = await runToEnd('generate-catalog', process.execPath, [
        '--import',
        'tsx',
        path.join(ROOT, 'bench/generate-catalog.ts'),
        String(count),
        dir,
      ]);
      if (generated.code !== 0) throw new Error(`generate-catalog failed:\n${generated.output}`);
      const store = await this.options.db.newStore('large');
      this.log(`  importing them with node dist/cli.js import ...`);
      try {
        const run = await importWithCli(
          store,
          this.secret,
          path.join(dir, 'products.csv'),
          path.join(dir, 'prices.csv'),
        );
        this.importFacts = { ...run, products: count };
      } catch (error) {
        await store.drop();
        throw error;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return { store, products: count, pageCount: Math.ceil(count / 24) };
    })();
    return this.large;
  }

  async close(): Promise<void> {
    const seed = await this.seedServer?.catch(() => undefined);
    await seed?.stop();
    const large = await this.large?.catch(() => undefined);
    await large?.store.drop();
  }
}

/**
 * Products the load can add without end: active, with a one-time price, and not counted (a counted product sells out
 * under load, and its adds are then refused as they should be).
 */
function sellableProducts(productsCsv: string, pricesCsv: string): string[] {
  const products = parse(readFileSync(productsCsv), { bom: true, columns: true }) as Record<string, string>[];
  const prices = parse(readFileSync(pricesCsv), { bom: true, columns: true }) as Record<string, string>[];
  const sold = new Set(prices.filter((price) => !price['Interval']).map((price) => price['Product ID']));
  const counted = (product: Record<string, string>) =>
    Object.entries(product).some(([column, value]) => /^stock \(metadata\)$/i.test(column) && value.trim() !== '');
  return products
    .filter((product) => product['Active'] !== 'false' && sold.has(product['id']) && !counted(product))
    .map((product) => product['id']!);
}

/** One scenario of the harness (bench/scenarios/*.ts). */
export interface Scenario {
  /** The name `--only` takes. */
  name: string;
  /** One line for --help. */
  description: string;
  run(ctx: Context): Promise<void>;
}
