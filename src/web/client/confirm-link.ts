/**
 * Links that do something only once confirmed ("Clear cart"): without JavaScript they open a confirmation page;
 * with it, the question in `data-confirm` is asked in the browser's dialog and, once confirmed, the form named by
 * `data-confirm-form` is sent. The question comes from the page, so the script holds no words of its own.
 */
function onClick(event: MouseEvent): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('a[data-confirm][data-confirm-form]');
  if (!link) return;
  const form = document.getElementById(link.dataset.confirmForm!);
  if (!(form instanceof HTMLFormElement)) return; // no form to send: the confirmation page asks instead
  event.preventDefault();
  if (window.confirm(link.dataset.confirm)) form.requestSubmit();
}

export function enhanceConfirmLinks(): void {
  document.addEventListener('click', onClick);
}
