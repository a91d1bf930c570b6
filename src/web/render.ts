/** JSX -> HTML string. hono/jsx escapes every text and attribute value, so product data cannot inject markup. */
import { jsx } from 'hono/jsx/jsx-runtime';

export function renderHtml(node: unknown): string {
  return `<!doctype html>${String(node)}`;
}

/**
 * hono/jsx keeps a render's context (`useContext` after an `await` in an async component) in an AsyncLocalStorage,
 * looked up once, at the first render, through `process.getBuiltinModule`. Before Node 24 an AsyncLocalStorage's
 * first run() turns on promise hooks for every promise of the process, for good (an await cost 2-3x more after it).
 * kago's views use no context and no async component (every render is a string at once), so hono's synchronous
 * fallback does all they need: the first render is made here, before any other, without AsyncLocalStorage in view.
 * Call it before anything renders; a later call changes nothing.
 */
export function renderWithoutAsyncContext(): void {
  const builtin = process.getBuiltinModule;
  if (typeof builtin !== 'function') return;
  process.getBuiltinModule = ((id: string) =>
    id === 'node:async_hooks' || id === 'async_hooks' ? undefined : builtin(id)) as typeof builtin;
  try {
    String(jsx('i', {}));
  } finally {
    process.getBuiltinModule = builtin;
  }
}
