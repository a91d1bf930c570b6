/**
 * The "Add to cart" form: a plain POST that works without JavaScript. The bundled script (src/web/client) turns it
 * into a fetch to /cart/add.js using the data attributes, and writes its confirmation into the feedback span.
 * `formToken` is this rendering's one-time token: the same form sent again (a retry after a lost answer) adds once.
 */
import { IDEMPOTENCY_FIELD } from '../idempotency.js';

export function AddToCartForm({
  productId,
  productName,
  returnTo,
  formToken,
  withQuantity = false,
  soldOut = false,
}: {
  productId: string;
  productName: string;
  returnTo: string;
  formToken: string;
  withQuantity?: boolean;
  /** Nothing left to sell: the button is disabled (and an add sent anyway is refused). */
  soldOut?: boolean;
}) {
  const fieldId = `quantity-${productId}`;
  return (
    <form class="add-form" method="post" action={`/cart/${encodeURIComponent(productId)}`} data-add-to-cart data-product-id={productId} data-product-name={productName}>
      <input type="hidden" name="return_to" value={returnTo} />
      <input type="hidden" name={IDEMPOTENCY_FIELD} value={formToken} />
      {withQuantity && !soldOut ? (
        <label class="field" for={fieldId}>
          Quantity
          <input id={fieldId} type="number" name="quantity" value="1" min="1" max="99" step="1" inputmode="numeric" required />
        </label>
      ) : null}
      <button class={`button${withQuantity ? '' : ' button--block'}`} type="submit" disabled={soldOut}>
        {soldOut ? 'Sold out' : 'Add to cart'}
        <span class="visually-hidden"> {productName}</span>
      </button>
      <span class="add-form__feedback" data-add-feedback></span>
    </form>
  );
}
