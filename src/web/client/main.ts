/** The shop's one browser script: add to cart without reloading, and search suggestions in the header. */
import './cart.js';
import { enhanceSearchBoxes } from './predictive-search.js';

enhanceSearchBoxes();
