/**
 * kago's two programs (src/main.ts, src/cli.ts) compiled once into plain JavaScript for the tests that run them as
 * processes. Loading them through tsx cost each process about 1 s of CPU (its loader thread, a transform or cache read
 * per module, source maps), and the suite starts a few hundred: `kago` commands, shop servers and their workers. The
 * build is the transform tsx applies (esbuild, the project's tsconfig.json), bundled into one file per program with
 * the packages too, except those of `TEST_EXTERNALS` (Fastify and its plugins, the database and payment drivers,
 * native addons): loading Kysely's or Zod's modules one by one was half of a `kago` command's start (0.30 s of CPU
 * against 0.13 s). `import.meta.url` keeps naming each source file, so the files found from it (the demo catalog,
 * static files, the browser script) are the same ones.
 *
 * `npm test` builds once for its run and names the folder in KAGO_TEST_BUILD; a test file run on its own builds for
 * its process. test/quickstart.test.ts still starts kago as the README says (`node --import tsx src/main.ts`).
 *
 * `npm test` also bundles the test files, the sources they import and most packages (`buildTests`), so node runs
 * them without tsx: loading tsx and transforming a file's imports cost every test file's process about a second of
 * CPU, and loading some 750 modules one by one another 0.4 s.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

export type Program = 'main' | 'cli';

// Not processes.ts's ROOT: that module imports this one.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = path.join(ROOT, 'src');

// Not inside quotes: this file names it in a string.
const IMPORT_META_URL = /(?<!['"`])\bimport\.meta\.url\b(?!['"`])/g;

/**
 * Rewrites `import.meta.url` in the files under `dir` to the source file's own URL (the output is elsewhere), so the
 * files found from it (fixtures, docs, the demo catalog, static files) are the same ones.
 */
const sourceUrls = (dir: string, filter = /\.tsx?$/): Plugin => ({
  name: 'kago-source-urls',
  setup(bundler) {
    bundler.onLoad({ filter }, (args) => {
      if (!args.path.startsWith(dir + path.sep)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      return {
        contents: source.replace(IMPORT_META_URL, JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
});

/** Builds both programs into `dir` (a `buildFolder()`): `main.mjs`, `cli.mjs`. */
export async function buildPrograms(dir: string): Promise<void> {
  await build({
    entryPoints: { main: path.join(SOURCES, 'main.ts'), cli: path.join(SOURCES, 'cli.ts') },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    external: TEST_EXTERNALS,
    banner: { js: REQUIRE_BANNER },
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    plugins: [sourceUrls(SOURCES)],
    logLevel: 'warning',
  });
}

/** A fresh folder for a build, with a link to the project's node_modules in it, removed when this process exits. */
export function buildFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-build-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

let ownBuild: Promise<string> | undefined;

/** The path of `program` built: the run's build when `npm test` made one, else this process's own. */
export async function builtProgram(program: Program): Promise<string> {
  const shared = process.env.KAGO_TEST_BUILD;
  const dir = shared || (await (ownBuild ??= buildOwn()));
  return path.join(dir, `${program}.mjs`);
}

async function buildOwn(): Promise<string> {
  const dir = buildFolder();
  await buildPrograms(dir);
  return dir;
}

/** Folders of the tree whose TypeScript the test files import (the browser client's too: its modules have tests). */
const TEST_TREES = ['src', 'test'];

/** Files the runner loads into every test file's process besides the test files (`--import`). */
const RUNNER_IMPORTS = ['test/support/file-times.ts'];

/**
 * Packages a test bundle leaves to node_modules: native addons, packages that find their own files from
 * `__dirname` (Chromium's driver, esbuild's binary), the drivers kago loads only when a shop uses them (their lazy
 * load is what the tests prove), and the HTTP stack, so that Fastify and its plugins are the copies the production
 * build runs. Everything else (Kysely's 265 modules, Zod's 100, the views' and mail's libraries) is bundled:
 * resolving and loading them one module at a time was most of a test process's start.
 */
const TEST_EXTERNALS = [
  'better-sqlite3',
  'pg',
  'pg-*',
  'ioredis',
  'stripe',
  'esbuild',
  'playwright-core',
  'fastify',
  'fastify-plugin',
  '@fastify/*',
  'pino',
  'pino-*',
  'happy-dom',
];

/** ES modules bundled from CommonJS packages call `require` for node's own modules; this gives them one. */
const REQUIRE_BANNER =
  "import { createRequire as kagoCreateRequire } from 'node:module';\n" +
  'const require = kagoCreateRequire(import.meta.url);';

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Bundles every test file under src/ and test/ into `dir`, keeping the folder layout for the test files themselves
 * (`test/cart-api.test.ts` becomes `test/cart-api.test.js`), with the code they share split into chunks that each
 * process loads once, and the packages of `TEST_EXTERNALS` left to node_modules. A test file's process then loads a
 * few dozen files instead of about 750 (0.85 s of CPU to import the app and the test helpers, 0.45 s bundled, Node
 * 20). `import.meta.url` is rewritten to the .ts file's own URL; source maps beside the files name the .ts files (run
 * with --enable-source-maps so stack traces point at their lines).
 */
export async function buildTests(dir: string): Promise<void> {
  const files = TEST_TREES.flatMap((tree) => typeScriptFiles(path.join(ROOT, tree)));
  // Only the few files that name `import.meta.url` go through the plugin: a plugin's hook for every file took
  // the transform from under 2 s to 5.
  const named = files.filter((file) => readFileSync(file, 'utf8').includes('import.meta.url'));
  const filter = new RegExp(`^(${named.map((file) => file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  const entryPoints = [
    ...files.filter((file) => /\.test\.tsx?$/.test(file)),
    ...RUNNER_IMPORTS.map((file) => path.join(ROOT, file)),
  ];
  await build({
    entryPoints,
    outdir: dir,
    outbase: ROOT,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    external: TEST_EXTERNALS,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    sourcesContent: false,
    banner: { js: REQUIRE_BANNER },
    plugins: [sourceUrls(path.resolve(ROOT), filter)],
    logLevel: 'warning',
  });
  // Its .js files are ES modules, as the project's are.
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
}

/** Where `buildTests(dir)` put the test file `file` (a path relative to the project, `test/cart-api.test.ts`). */
export function builtTestFile(dir: string, file: string): string {
  return path.join(dir, path.relative(ROOT, path.resolve(ROOT, file)).replace(/\.tsx?$/, '.js'));
}
