/**
 * Forms marked `data-submit-once`, or sent with a button so marked (checkout), are sent once: checkout moves the cart
 * to a new session id, so a second press racing the first could leave the browser holding the id the first press
 * retired. A page restored from the back/forward cache can be sent again.
 */
const sent = new Set<HTMLFormElement>();

export function guardSubmitOnce(event: SubmitEvent): void {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (!form.matches('[data-submit-once]') && !event.submitter?.matches('[data-submit-once]')) return;
  if (sent.has(form)) {
    event.preventDefault();
    return;
  }
  sent.add(form);
  form.setAttribute('aria-busy', 'true');
}

export function resetSubmitOnce(): void {
  for (const form of sent) form.removeAttribute('aria-busy');
  sent.clear();
}
