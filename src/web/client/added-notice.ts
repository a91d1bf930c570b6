/**
 * "Added <name> · View cart" at the bottom of the window (src/web/views/added-notice.tsx renders it). After an add
 * through the script, a copy of the page's template is filled with the name; a notice the server put on the page
 * (an add without the script) gets its close button, and `added` leaves the address, so a reload does not say it
 * again. Screen readers hear the add through the page's status region (cart.ts), so the copy is no live region of
 * its own: it would be heard twice.
 */
function closable(notice: HTMLElement): HTMLElement {
  const close = notice.querySelector<HTMLButtonElement>('[data-added-close]');
  if (close) {
    close.hidden = false;
    close.addEventListener('click', () => notice.remove());
  }
  return notice;
}

export function showAddedNotice(name: string): void {
  const template = document.querySelector<HTMLTemplateElement>('template[data-added-notice-template]');
  const copy = template?.content.firstElementChild?.cloneNode(true);
  if (!(copy instanceof HTMLElement)) return;
  const nameElement = copy.querySelector('[data-added-name]');
  if (nameElement) nameElement.textContent = name;
  copy.querySelector('[role="status"]')?.removeAttribute('role');
  for (const earlier of document.querySelectorAll('[data-added-notice]')) earlier.remove();
  document.body.append(closable(copy));
}

export function enhanceAddedNotices(): void {
  const shown = document.querySelectorAll<HTMLElement>('[data-added-notice]');
  for (const notice of shown) closable(notice);
  const url = new URL(window.location.href);
  if (shown.length > 0 && url.searchParams.has('added')) {
    url.searchParams.delete('added');
    history.replaceState(history.state, '', url);
  }
}
