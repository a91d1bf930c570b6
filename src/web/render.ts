/** JSX -> HTML string. hono/jsx escapes every text and attribute value, so product data cannot inject markup. */
export function renderHtml(node: unknown): string {
  return `<!doctype html>${String(node)}`;
}
