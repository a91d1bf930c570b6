/**
 * The product cards of collection and search pages, rendered once per catalog version and language and reused by
 * every list that shows them (each sort, filter and page of a 100,000-product catalog is a page of its own, but its
 * cards are the same). A card differs between lists only in its image's loading (the first rows load at once, the
 * list's first is fetched first) and in its add form's `return_to` (the list's URL): it is kept as the pieces around
 * those two, and a list is those pieces put together, byte for byte what rendering each card would give.
 */
import { raw } from 'hono/html';
import type { Product } from '../../catalog/index.js';
import { VersionGate } from '../../catalog/version-gate.js';
import { BoundedMemo } from '../../util/bounded-memo.js';
import { AddToCartForm } from './add-to-cart-form.js';
import type { PageContext } from './page-context.js';
import { ProductCard, ProductImage } from './product-card.js';

/** Cards in the first rows load at once; the rest lazily (below the fold on every screen). */
const EAGER_CARDS = 4;
/** Past this many cards (~1-2 KB each) the memory starts over: every card of ~20 lists a collection's pages walk. */
const REMEMBERED_CARDS = 20_000;

// Comments cannot come out of rendering a product's data (hono/jsx escapes `<` in text and attributes).
const IMAGE_SLOT = '<!--card:image-->';
const RETURN_SLOT = '<!--card:return-to-->';

const isSoldOut = (product: Product) => product.stock.tracked && product.stock.available <= 0;

/** How a card's image loads: lazily, at once, or at once and first (a list's first card). */
type ImageLoading = 0 | 1 | 2;

interface CardPieces {
  /** Before the image, between the image and the add form's return_to (or the card's end), after return_to. */
  pieces: readonly string[];
  /** The image by loading, rendered when first asked. */
  images: Array<string | undefined>;
}

/** A list's add form: its one-time token comes at the end of the page (formTokenInputs). */
export function ListAddForm({ ctx, product, returnTo }: { ctx: PageContext; product: Product; returnTo: string }) {
  return (
    <AddToCartForm
      t={ctx.t}
      productId={product.id}
      productName={product.name}
      returnTo={returnTo}
      formToken={undefined}
      soldOut={isSoldOut(product)}
    />
  );
}

/** A list's card as each is rendered (no memory): what the kept pieces must add up to. */
export function ListCard({
  ctx,
  product,
  index,
  returnTo,
}: {
  ctx: PageContext;
  product: Product;
  index: number;
  returnTo: string;
}) {
  return (
    <ProductCard
      ctx={ctx}
      product={product}
      eager={index < EAGER_CARDS}
      first={index === 0}
      action={<ListAddForm ctx={ctx} product={product} returnTo={returnTo} />}
    />
  );
}

export interface ListCards {
  /**
   * The list's `<ul>` of cards, as the ListCards of each product would render it. `seenVersion` is the catalog's
   * version read before `products` were: cards are kept only under the version their data is at least as new as.
   */
  grid(ctx: PageContext, products: readonly Product[], returnTo: string, seenVersion: number): string;
  readonly size: number;
}

/** Cards kept while `version()` (the catalog's) stays the same: a product's card changes only with the catalog. */
export function createListCards(version: () => number, maxCards = REMEMBERED_CARDS): ListCards {
  const cards = new BoundedMemo<string, CardPieces>(maxCards);
  const gate = new VersionGate(version, () => cards.clear());

  function piecesOf(ctx: PageContext, product: Product): CardPieces {
    const html = String(
      <ProductCard
        ctx={ctx}
        product={product}
        image={raw(IMAGE_SLOT)}
        action={<ListAddForm ctx={ctx} product={product} returnTo={raw(RETURN_SLOT)} />}
      />,
    );
    const [head = '', rest = ''] = html.split(IMAGE_SLOT);
    return { pieces: [head, ...rest.split(RETURN_SLOT)], images: [] };
  }

  function imageOf(card: CardPieces, product: Product, loading: ImageLoading): string {
    return (card.images[loading] ??= String(
      <ProductImage product={product} eager={loading > 0} decorative priority={loading === 2} />,
    ));
  }

  return {
    grid(ctx, products, returnTo, seenVersion) {
      const keep = gate.admits(seenVersion); // a list read before a change renders its cards without keeping them
      const escapedReturnTo = String(<>{returnTo}</>); // as hono/jsx escapes an attribute
      let html = '';
      for (let index = 0; index < products.length; index++) {
        const product = products[index]!;
        const key = `${ctx.lang}:${product.id}`;
        const card = keep ? cards.remember(key, () => piecesOf(ctx, product)) : piecesOf(ctx, product);
        const [head, middle, tail] = card.pieces;
        html += head! + imageOf(card, product, index === 0 ? 2 : index < EAGER_CARDS ? 1 : 0) + middle!;
        if (tail !== undefined) html += escapedReturnTo + tail;
      }
      return String(
        <ul class="product-grid" role="list">
          {raw(html)}
        </ul>,
      );
    },
    get size() {
      return cards.size;
    },
  };
}
