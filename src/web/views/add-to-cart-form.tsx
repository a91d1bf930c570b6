/**
 * The "Add to cart" form: a plain POST that works without JavaScript. The bundled script (src/web/client) turns it
 * into a fetch to /cart/add.js using the data attributes, and writes its confirmation into the feedback span.
 * `formToken` is this rendering's one-time token: the same form sent again (a retry after a lost answer) adds once.
 * A form rendered once for many answers (the catalog's) has an id instead, and each answer gives it its token in an
 * input at the end of the page (formTokenInputs, tied to the form by its `form` attribute), so that everything
 * before is the same bytes every time and can be compressed once (src/web/precompressed.ts). A product with
 * options (several prices) offers them as radio buttons named `id`: the add goes to the chosen price.
 */
import { MAX_LINE_QUANTITY } from '../../cart/limits.js';
import type { Translator } from '../../i18n/index.js';
import { IDEMPOTENCY_FIELD, newFormToken } from '../idempotency.js';

/** The id of a catalog page's add form for this product (Stripe ids are letters, digits and `_`; encoded anyway). */
export const addFormId = (productId: string): string => `add-${encodeURIComponent(productId)}`;

/**
 * Fresh one-time tokens for forms rendered without one, each tied to its form by id: for the end of a page. Built
 * as a plain string (every catalog answer runs it): ids come from addFormId (percent-encoded) and tokens are UUIDs,
 * so nothing here needs escaping.
 */
export function formTokenInputs(formIds: readonly string[]): string {
  let inputs = '';
  for (const id of formIds) inputs += formTokenInput(id, newFormToken());
  return inputs;
}

/** One form's token input (formTokenInputs; src/web/form-token-tail.ts writes the same bytes with slots). */
export const formTokenInput = (formId: string, token: string): string =>
  `<input type="hidden" name="${IDEMPOTENCY_FIELD}" value="${token}" form="${formId}">`;

/**
 * A whole page rendered once, with fresh tokens for its forms (and `tail`, this answer's own end: a notice) put just
 * before `</body>` (pages not precompressed).
 */
export function withFormTokens(page: string, formIds: readonly string[], tail = ''): string {
  const end = page.lastIndexOf('</body>');
  return page.slice(0, end) + formTokenInputs(formIds) + tail + page.slice(end);
}

/** One choice of the product page's options, formatted for the shopper. */
export interface OptionChoice {
  /** The price's Stripe id: what the form sends as `id`. */
  id: string;
  /** The option's label; '' shows the price alone. */
  label: string;
  price: string;
  tax: string | null;
}

/**
 * The product's options as radio buttons named `id` (what Shopify's product forms send): plain HTML, so the choice
 * posts without JavaScript, and the script reads the checked one. `chosen` (the product's own price, what an add by
 * product id buys) is checked to begin with.
 */
function OptionChoices({
  t,
  productId,
  options,
  chosen,
}: {
  t: Translator;
  productId: string;
  options: readonly OptionChoice[];
  chosen: string | undefined;
}) {
  return (
    <fieldset class="options">
      <legend class="options__legend">{t('option.legend')}</legend>
      {options.map((option, index) => {
        const inputId = `option-${productId}-${index + 1}`;
        return (
          <div class="option">
            <input type="radio" id={inputId} name="id" value={option.id} checked={option.id === chosen} required />
            <label for={inputId}>
              {option.label === '' ? null : <span class="option__label">{option.label}</span>}
              <span class="option__price">
                {option.price}
                {option.tax ? <span class="price__tax"> {option.tax}</span> : null}
              </span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function AddToCartForm({
  t,
  productId,
  productName,
  returnTo,
  formToken,
  withQuantity = false,
  soldOut = false,
  options = [],
  chosen,
}: {
  /** The page's words (ctx.t). */
  t: Translator;
  productId: string;
  productName: string;
  returnTo: string;
  /** This rendering's token; undefined for a form whose token comes at the end of the page (formTokenInputs). */
  formToken: string | undefined;
  withQuantity?: boolean;
  /** Nothing left to sell: the button is disabled (and an add sent anyway is refused). */
  soldOut?: boolean;
  /** More than one: the shopper chooses which (the product page). */
  options?: readonly OptionChoice[];
  /** The option checked to begin with. */
  chosen?: string | undefined;
}) {
  const fieldId = `quantity-${productId}`;
  return (
    <form
      class="add-form"
      method="post"
      action={`/cart/${encodeURIComponent(productId)}`}
      data-add-to-cart
      data-product-id={productId}
      data-product-name={productName}
      id={formToken === undefined ? addFormId(productId) : undefined}
    >
      <input type="hidden" name="return_to" value={returnTo} />
      {formToken === undefined ? null : <input type="hidden" name={IDEMPOTENCY_FIELD} value={formToken} />}
      {options.length > 1 && !soldOut ? (
        <OptionChoices t={t} productId={productId} options={options} chosen={chosen ?? options[0]?.id} />
      ) : null}
      {withQuantity && !soldOut ? (
        <label class="field" for={fieldId}>
          {t('addForm.quantity')}
          <input
            id={fieldId}
            type="number"
            name="quantity"
            value="1"
            min="1"
            max={MAX_LINE_QUANTITY}
            step="1"
            inputmode="numeric"
            required
          />
        </label>
      ) : null}
      <button class={`button${withQuantity ? '' : ' button--block'}`} type="submit" disabled={soldOut}>
        {soldOut ? t('addForm.soldOut') : t('addForm.add')}
        <span class="visually-hidden"> {productName}</span>
      </button>
      <span class="add-form__feedback" data-add-feedback></span>
    </form>
  );
}
