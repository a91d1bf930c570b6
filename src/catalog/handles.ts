/**
 * Product handles: the URL name of a product (`/products/<handle>`), as Shopify has them. Made from the product's
 * name (or its `handle (metadata)`): lower case, letters and digits of any script kept, everything else a single
 * hyphen. Japanese names keep their letters (`tenugui-hand-towel-手ぬぐい`, percent-encoded in URLs): readable in
 * the address bar and in search results, which transliteration or the id would not be. Pure.
 */

/** Longest handle, in characters (Shopify's limit is 255; shorter URLs fit in proxies' header limits). */
export const MAX_HANDLE_LENGTH = 100;

/** The handle `text` gives, or '' when it has no letter or digit. */
export function handleFrom(text: string): string {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return Array.from(words).slice(0, MAX_HANDLE_LENGTH).join('').replace(/-+$/, '');
}

/** A handle that is not yet in `taken`: `base`, `base-2`, `base-3`, ... */
export function uniqueHandle(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate =
      Array.from(base)
        .slice(0, MAX_HANDLE_LENGTH - suffix.length)
        .join('')
        .replace(/-+$/, '') + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The value of `handle (metadata)` (any letter case of the key) in a product's metadata JSON, if given. */
export function metadataHandle(metadata: string): string | undefined {
  const entries = Object.entries(JSON.parse(metadata) as Record<string, string>);
  return entries.find(([key]) => key.toLowerCase() === 'handle')?.[1];
}
