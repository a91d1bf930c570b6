/**
 * Widths a product image can be offered in (`srcset`), where the image's host makes them. Shopify's CDN
 * (`cdn.shopify.com`, where a shop moving from Shopify keeps its pictures) resizes by a `width` parameter. Other
 * images are one file: Stripe's file links (`files.stripe.com`) and other hosts resize nothing, and kago's own
 * images (the demo's, under /images/demo/) are SVG, sharp at every width. A srcset naming the same file at every
 * width would only cost bytes, so those get none (docs/decisions/0010). Pure.
 */

/** Widths offered: the card's 1x and 2x on phones and desktops, and the product page's. */
export const IMAGE_WIDTHS = [200, 400, 600, 800, 1200] as const;

/** The `srcset` for `src`, or undefined when its host cannot resize it. */
export function imageSrcset(src: string): string | undefined {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return undefined; // a path on this site: kago serves no resized copies
  }
  if (url.protocol !== 'https:' || url.hostname !== 'cdn.shopify.com') return undefined;
  return IMAGE_WIDTHS.map((width) => {
    const sized = new URL(url);
    sized.searchParams.set('width', String(width));
    return `${sized.href} ${width}w`;
  }).join(', ');
}
