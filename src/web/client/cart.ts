/**
 * Progressive enhancement for "Add to cart": each add-to-cart form becomes a fetch to /cart/add.js, the header
 * count changes in place and is announced through the page's aria-live region, and "Added <name> · View cart"
 * shows at the bottom of the window until closed or replaced (the page's own template, in its language; fixed, so
 * nothing on the page moves). Clicks queue (one request at a time), so rapid clicks are neither lost nor doubled. Each add carries
 * an idempotency key, reused when it is retried after a lost answer, so a retry never adds twice. Without this
 * script the forms post and redirect exactly as before. Other tabs of the shop update their count too.
 */
import { enhanceAddedNotices, showAddedNotice } from './added-notice.js';
import { messages, plural } from './messages.js';
import { sendWithRetry } from './retry.js';
import { createSerialQueue } from './serial-queue.js';
import { guardSubmitOnce, resetSubmitOnce } from './submit-once.js';

interface CartSummary {
  item_count: number;
}

/** add.js answers the added lines; the header's count comes with them, as the `cart-icon-bubble` section. */
interface AddAnswer {
  sections?: Record<string, string | null>;
}

interface CartErrorBody {
  description?: string;
  message?: string;
}

const queue = createSerialQueue();
const channel = 'BroadcastChannel' in window ? new BroadcastChannel('kago-cart') : undefined;

function showCount(count: number): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-cart-count]'))
    element.textContent = String(count);
  for (const element of document.querySelectorAll<HTMLElement>('[data-cart-count-label]'))
    element.textContent = plural(messages().cartItems, count);
}

function announce(message: string): void {
  const region = document.querySelector<HTMLElement>('[data-cart-status]');
  if (!region) return;
  // Clearing first makes screen readers announce a message equal to the previous one.
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Beside the form: why an add failed ('' clears it once an add goes through). */
function showFeedback(form: HTMLFormElement, message: string): void {
  const element = form.querySelector<HTMLElement>('[data-add-feedback]');
  if (!element) return;
  element.textContent = message;
  element.dataset.tone = 'error';
}

/**
 * One add at a time across every tab of the shop (Web Locks): two tabs of a new visitor adding at once would
 * otherwise each start a session, and the browser would keep only one of the two carts.
 */
async function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  if (!('locks' in navigator)) return task();
  return navigator.locks.request('kago-cart-add', task);
}

async function postAdd(id: string, quantity: string): Promise<CartSummary> {
  const response = await sendWithRetry((key) =>
    fetch('/cart/add.js', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ items: [{ id, quantity }], sections: 'cart-icon-bubble' }),
      credentials: 'same-origin',
    }),
  );
  const body = (await response.json().catch(() => ({}))) as AddAnswer & CartErrorBody;
  if (!response.ok) throw new Error(body.description ?? body.message ?? messages().addFailed);
  const bubble = new DOMParser().parseFromString(body.sections?.['cart-icon-bubble'] ?? '', 'text/html');
  const count = Number(bubble.querySelector('[data-cart-count]')?.textContent);
  if (Number.isInteger(count)) return { item_count: count };
  // No count in the answer (a shop in front that strips it): ask for the cart.
  const cart = await fetch('/cart.js', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  return (await cart.json()) as CartSummary;
}

async function refreshCount(): Promise<void> {
  const response = await fetch('/cart.js', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (response.ok) showCount(((await response.json()) as CartSummary).item_count);
}

function onSubmit(event: SubmitEvent): void {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches('[data-add-to-cart]')) return;
  // A product with options: the chosen one (radio buttons named `id`), else the product.
  const chosen = form.elements.namedItem('id') as RadioNodeList | HTMLInputElement | null;
  const id = chosen?.value || form.dataset.productId;
  if (!id) return;
  event.preventDefault();
  const name = form.dataset.productName ?? '';
  const quantity = (form.elements.namedItem('quantity') as HTMLInputElement | null)?.value ?? '1';
  form.setAttribute('aria-busy', 'true');
  queue
    .push(() => acrossTabs(() => postAdd(id, quantity)))
    .then(
      (cart) => {
        showCount(cart.item_count);
        channel?.postMessage(cart.item_count);
        showFeedback(form, '');
        showAddedNotice(name);
        announce(plural(messages().addedAnnounce, cart.item_count, { name }));
      },
      (error: unknown) => {
        // The add may or may not have reached the shop: say only that, and show what the cart really holds.
        const message = error instanceof TypeError ? messages().notConfirmed : (error as Error).message;
        showFeedback(form, message);
        announce(message);
        void refreshCount().catch(() => undefined);
      },
    )
    .finally(() => {
      if (queue.size <= 1) form.removeAttribute('aria-busy');
    });
}

document.addEventListener('submit', onSubmit);
enhanceAddedNotices();
document.addEventListener('submit', guardSubmitOnce);
channel?.addEventListener('message', (event: MessageEvent<number>) => showCount(event.data));
// A page restored from the back/forward cache shows the count it had when it was left.
window.addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  resetSubmitOnce();
  void refreshCount().catch(() => undefined);
});
