/**
 * The English word Shopify-style JSON uses for a product's one option (`options`, `options_with_values`): an API name,
 * not shop text, so it is not translated; pages word options through the message catalogs (`option.*`).
 */
export const OPTION_WORDS = {
  option: 'Option',
};

export { nameWithOption } from '../../catalog/options/index.js';
