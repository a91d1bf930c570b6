/** Several prices per product, sold as options: the rules (pure), and their application to the catalog's rows. */
export { MAX_LABEL_LENGTH, nameWithOption, optionLabel, optionPosition, replacementOption } from './option-rules.js';
export { AUTOMATIC_CURRENCY, refreshOptions, refreshShopCurrency } from './refresh-options.js';
