/**
 * The shop's one browser script: add to cart without reloading, search suggestions in the header, and a dialog for
 * links that ask first ("Clear cart").
 */
import './cart.js';
import { enhanceConfirmLinks } from './confirm-link.js';
import { enhanceSearchBoxes } from './predictive-search.js';

enhanceSearchBoxes();
enhanceConfirmLinks();
