/**
 * Predictive search in the header: the search input becomes a WAI-ARIA combobox whose listbox shows products and
 * collections from /search/suggest.json as the shopper types (debounced; a stale request is aborted). Focus stays
 * in the input; Down/Up move through the options (aria-activedescendant), Enter opens the chosen one, Escape closes
 * the list (and clears the text when it is already closed). Enter with no option chosen submits the form to
 * /search as it does without this script.
 */
import { fill, messages, plural } from './messages.js';
import { latestOnly } from './latest-only.js';

interface SuggestAnswer {
  resources: {
    results: { products?: Array<{ title: string; url: string }>; collections?: Array<{ title: string; url: string }> };
  };
}

interface Suggestion {
  label: string;
  url: string;
}

const WAIT_MS = 150;
const LIMIT = 6;

async function loadSuggestions(q: string, signal: AbortSignal): Promise<Suggestion[]> {
  const params = new URLSearchParams({ q, 'resources[type]': 'product,collection', 'resources[limit]': String(LIMIT) });
  const response = await fetch(`/search/suggest.json?${params}`, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`suggestions answered ${response.status}`);
  const { results } = ((await response.json()) as SuggestAnswer).resources;
  return [
    ...(results.products ?? []).map((product) => ({ label: product.title, url: product.url })),
    ...(results.collections ?? []).map((collection) => ({
      label: fill(messages().collection, { title: collection.title }),
      url: collection.url,
    })),
  ];
}

function enhance(form: HTMLFormElement, input: HTMLInputElement): void {
  const listbox = document.createElement('ul');
  listbox.id = `${input.id}-suggestions`;
  listbox.className = 'search-suggest';
  listbox.setAttribute('role', 'listbox');
  listbox.setAttribute('aria-label', messages().suggestions);
  listbox.hidden = true;
  const status = document.createElement('span');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  form.append(listbox, status);

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listbox.id);
  input.setAttribute('aria-expanded', 'false');

  let options: HTMLLIElement[] = [];
  let active = -1;

  const setActive = (index: number) => {
    options[active]?.setAttribute('aria-selected', 'false');
    active = index;
    const option = options[active];
    if (option) {
      option.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const close = () => {
    setActive(-1);
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };

  const show = (q: string, suggestions: Suggestion[]) => {
    const all = [
      ...suggestions,
      { label: fill(messages().searchFor, { q }), url: `${form.action}?${new URLSearchParams({ q })}` },
    ];
    options = all.map((suggestion, index) => {
      const option = document.createElement('li');
      option.id = `${listbox.id}-${index}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.dataset.url = suggestion.url;
      option.textContent = suggestion.label;
      return option;
    });
    active = -1;
    input.removeAttribute('aria-activedescendant');
    listbox.replaceChildren(...options);
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = plural(messages().suggestionCount, suggestions.length);
  };

  const latest = latestOnly(loadSuggestions, WAIT_MS);

  input.addEventListener('input', () => {
    const q = input.value.trim();
    if (!q) {
      latest.cancel();
      close();
      return;
    }
    latest.request(q, (suggestions) => show(q, suggestions));
  });

  input.addEventListener('keydown', (event) => {
    const open = !listbox.hidden;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return;
      event.preventDefault();
      if (!open) {
        listbox.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(active === -1 && step < 0 ? options.length - 1 : (active + step + options.length) % options.length);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active]!.dataset.url!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      latest.cancel();
      if (open) close();
      else input.value = '';
    }
  });

  // Submitting leaves the page: a suggestion still waiting or loading is of no use any more.
  form.addEventListener('submit', () => {
    latest.cancel();
    close();
  });
  input.addEventListener('blur', close);
  // Keep focus in the input while a pointer picks an option, so the list is not closed by the blur first.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = (event.target as Element).closest<HTMLLIElement>('[role="option"]');
    if (option?.dataset.url) window.location.assign(option.dataset.url);
  });
}

export function enhanceSearchBoxes(root: ParentNode = document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-search-form]')) {
    const input = form.querySelector<HTMLInputElement>('[data-search-input]');
    if (input?.id) enhance(form, input);
  }
}
