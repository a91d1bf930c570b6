/** Every scenario, in the order a run takes them (the import before the pages it builds the catalog for). */
import type { Scenario } from '../lib/context.js';
import { addExistingSession } from './add-existing-session.js';
import { addNewVisitor } from './add-new-visitor.js';
import { cartJson } from './cart-json.js';
import { catalog } from './catalog.js';
import { checkout } from './checkout.js';
import { finding } from './finding.js';
import { importCatalog } from './import.js';
import { largeCatalog } from './large-catalog.js';
import { scale } from './scale.js';

export const SCENARIOS: Scenario[] = [
  catalog,
  addNewVisitor,
  addExistingSession,
  cartJson,
  importCatalog,
  largeCatalog,
  finding,
  checkout,
  scale,
];
