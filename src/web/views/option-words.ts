/**
 * What shoppers read about a product's options (several prices to choose from), in one place for the views that
 * show them: the product page, catalog cards, the cart, the order page and mail (moving to src/i18n/ catalogs).
 */
export const OPTION_WORDS = {
  /** The product page's choice (the fieldset's legend). */
  legend: 'Choose an option',
  /** A catalog card of a product with options: its lowest price. */
  from: (price: string) => `From ${price}`,
  /** A catalog card's button for a product with options: the choice is made on its page. */
  choose: 'Choose options',
  /** Before a line's option on the cart and order pages and in mail ("Option: Large"). */
  option: 'Option',
};

export { nameWithOption } from '../../catalog/options/index.js';
