/**
 * A wide table's frame: it scrolls sideways on phones, so it is a named region that takes keyboard focus (a
 * keyboard user can scroll it with the arrow keys; axe's scrollable-region-focusable).
 */
import type { Child } from 'hono/jsx';

export function TableScroll({ label, children }: { label: string; children?: Child }) {
  return (
    <div class="console-table-scroll" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}
