/**
 * kago's two programs (src/main.ts, src/cli.ts) compiled once into plain JavaScript for the tests that run them as
 * processes. Loading them through tsx cost each process about 1 s of CPU (its loader thread, a transform or cache read
 * per module, source maps), and the suite starts a few hundred: `kago` commands, shop servers and their workers. The
 * build is the transform tsx applies (esbuild, the project's tsconfig.json), bundled into one file per program with
 * the packages left to node_modules, so the processes run the same code. `import.meta.url` keeps naming each source
 * file, so the files found from it (the demo catalog, static files, the browser script) are the same ones.
 *
 * `npm test` builds once for its run and names the folder in KAGO_TEST_BUILD; a test file run on its own builds for
 * its process. test/quickstart.test.ts still starts kago as the README says (`node --import tsx src/main.ts`).
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

export type Program = 'main' | 'cli';

// Not processes.ts's ROOT: that module imports this one.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = path.join(ROOT, 'src');

/** Rewrites `import.meta.url` in kago's sources to the source file's own URL (the bundle is elsewhere). */
const sourceUrls: Plugin = {
  name: 'kago-source-urls',
  setup(bundler) {
    bundler.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (!args.path.startsWith(SOURCES + path.sep)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
};

/** Builds both programs into `dir` (`main.js`, `cli.js`), with a link to the project's node_modules beside them. */
export async function buildPrograms(dir: string): Promise<void> {
  await build({
    entryPoints: { main: path.join(SOURCES, 'main.ts'), cli: path.join(SOURCES, 'cli.ts') },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    plugins: [sourceUrls],
    logLevel: 'warning',
  });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** A fresh folder for a build, removed when this process exits. */
export function buildFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kago-build-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
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
