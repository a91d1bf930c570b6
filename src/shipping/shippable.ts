/**
 * Whether a product is shipped (physical) or not (a digital good or a service): the one place that decides, so
 * the cart, checkout and the providers agree. A product is physical unless its export says otherwise.
 */

/** From a product's export metadata: `shippable (metadata)=false` (or `no`, `0`) marks it not shipped. */
export function isShippable(metadata: Readonly<Record<string, string>>): boolean {
  const value = metadata.shippable?.trim().toLowerCase();
  return !(value === 'false' || value === 'no' || value === '0');
}
