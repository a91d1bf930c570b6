/**
 * Cart commands as the shop offers them: validate the request, resolve what is being bought from the catalog
 * (the client never sends a price), create the session only when something is really added, then apply the
 * commands all or nothing. Pages and the JSON API both call this; there is no other way to change a cart.
 *
 * A change may come with an idempotency key (docs/cart-api.md): the store records it with the change, so a retry
 * of a change that was applied (but whose answer was lost) is answered with the cart as it is, not applied again.
 * Keys belong to a session: a retry without the session's cookie cannot be matched and starts a cart of its own.
 */
import { createChangeApplier } from './cart-apply.js';
import type { CartCommand, StoredCart } from './cart-store.js';
import { lineNotFound } from './cart-rules.js';
import { findLine, setLine } from './cart-targets.js';
import { buildCartView, EMPTY_CART, type CartView } from './cart-view.js';
import { parseDetailsChange } from './cart-details.js';
import { checkCartStock, type TouchedLine } from './cart-stock-check.js';
import { KeptViews } from './kept-views.js';
import { CatalogMoved } from './errors.js';
import { lineId, parseLineProperties, propertiesHash } from './line-properties.js';
import { asSent, parseLineQuantity, parseQuantity } from './request-values.js';
import { resolveSellable } from './sellable.js';
import { createSellableMemo } from './sellable-memo.js';
import type {
  AddItem,
  CartChangeResult,
  CartService,
  CartServiceDeps,
  DetailsInput,
  LineTarget,
  MutationOptions,
} from './cart-service-types.js';

export { cartToken, parseLineQuantity, parseQuantity } from './request-values.js';
export type {
  AddItem,
  CartChangeResult,
  CartPricing,
  CartService,
  CartServiceDeps,
  DetailsInput,
  LineTarget,
  MutationOptions,
  MutationResult,
} from './cart-service-types.js';

export function createCartService({
  catalog,
  pricing,
  sessions,
  carts,
  stock,
  sessionTtlMs,
  now,
}: CartServiceDeps): CartService {
  const planAndApply = createChangeApplier({ carts, sessions, sessionTtlMs, now });
  // Adds plan from memory only with a store that checks the catalog version in the add's own transaction.
  const sellables = carts.checksCatalog ? createSellableMemo(catalog, () => pricing.version()) : undefined;
  // Views kept per session, for stores that can read the versions a view follows from (kept-views.ts).
  const kept = carts.readShownVersions ? new KeptViews() : undefined;
  /** The stored cart priced as of catalog version `catalogVersion` (read before, or with, the cart). */
  async function viewAt(stored: StoredCart | undefined, catalogVersion: number): Promise<CartView> {
    if (!stored) return EMPTY_CART;
    if (stored.lines.length === 0) return { ...EMPTY_CART, version: stored.version, details: stored.details };
    const prices = await pricing.prices.at(
      stored.lines.map((line) => line.priceId),
      catalogVersion,
    );
    return buildCartView(stored, prices);
  }

  /** The whole read of a store that reads the catalog's version with the cart; the view is kept for later reads. */
  async function readView(
    sessionId: string,
    read: NonNullable<CartServiceDeps['carts']['readWithCatalogVersion']>,
  ): Promise<{ view: CartView; expiresAt: number | undefined }> {
    const { cart: stored, catalogVersion, expiresAt, pricesSeenVersion } = await read(sessionId);
    const view = await viewAt(stored, catalogVersion);
    if (kept && stored) kept.keep(sessionId, { cartVersion: stored.version, pricesSeenVersion, catalogVersion }, view);
    return { view, expiresAt: stored ? expiresAt : undefined };
  }

  async function view(sessionId: string | undefined): Promise<CartView> {
    if (!sessionId) return EMPTY_CART;
    if (carts.readWithCatalogVersion) return (await readView(sessionId, carts.readWithCatalogVersion)).view;
    const [stored, catalogVersion] = await Promise.all([carts.read(sessionId), pricing.version()]);
    return viewAt(stored, catalogVersion);
  }

  /** Refuses commands that would take a counted product past its stock (see cart-stock-check.ts). */
  const checkStock = (
    sessionId: string | undefined,
    commands: readonly CartCommand[],
    lines: ReadonlyMap<string, TouchedLine>,
    cart?: CartView,
  ) => checkCartStock(stock, () => view(sessionId), commands, lines, cart);

  async function openSession(sessionId: string, purpose: 'view' | 'count' = 'view') {
    if (carts.readWithCatalogVersion) {
      // The versions first when a view of the session is kept: at them, it needs no lines read or priced. Without
      // one, the whole read alone (the versions would be a statement more).
      if (kept?.has(sessionId) && carts.readShownVersions) {
        const versions = await carts.readShownVersions(sessionId);
        if (!versions) return undefined;
        const view = kept.at(sessionId, versions);
        if (view) return { session: { id: sessionId, expiresAt: versions.expiresAt }, view };
      }
      const { view, expiresAt } = await readView(sessionId, carts.readWithCatalogVersion);
      if (expiresAt === undefined) return undefined;
      return { session: { id: sessionId, expiresAt }, view };
    }
    const session = await sessions.find(sessionId, now());
    if (!session) return undefined;
    const [stored, catalogVersion] = await Promise.all([
      carts.read(session.id),
      purpose === 'count' ? pricing.polled() : pricing.version(),
    ]);
    return { session, view: await viewAt(stored, catalogVersion) };
  }

  return {
    view,
    checksSessions: carts.applyToLiveSession !== undefined,
    openSession,
    /**
     * The header's count: items that can be bought (a line no longer sold is counted apart, on the cart page), with
     * prices from memory. A store that reads the catalog's version with the cart is exact; with carts in Redis, the
     * version polled for the page's own cache stands (no database read, so pages show while it is out of reach).
     */
    itemCount: async (sessionId: string) => {
      if (carts.readWithCatalogVersion) return (await view(sessionId)).itemCount;
      return (await viewAt(await carts.read(sessionId), pricing.polled())).itemCount;
    },

    /**
     * Adds each item (a product id or a price id, with a quantity and properties) to the cart, all or nothing. The
     * result names the lines the items went to.
     */
    async add(
      sessionId: string | undefined,
      items: readonly AddItem[],
      options: MutationOptions = {},
    ): Promise<CartChangeResult> {
      let added: string[] = [];
      const request = () => ['add', items.map((item) => [item.id, asSent(item.quantity), item.properties ?? null])];
      const ids = items.map((item) => item.id);
      const attempt = (from: 'memory' | 'database' | 'database, unchecked') =>
        planAndApply(sessionId, request, options, async () => {
          const quantities = items.map((item) => parseQuantity(item.quantity));
          const properties = items.map((item) => parseLineProperties(item.properties));
          const { sellable, check } = sellables
            ? await sellables.resolve(ids, from !== 'memory')
            : { sellable: await resolveSellable(catalog, ids), check: undefined };
          const products = new Map<string, TouchedLine>();
          const commands = items.map((item, index): CartCommand => {
            const price = sellable.get(item.id)!;
            const { priceId, unitAmount, currency } = price;
            products.set(lineId(priceId, propertiesHash(properties[index]!)), price);
            return {
              kind: 'add',
              quantity: quantities[index]!,
              priceId,
              unitAmount,
              currency,
              properties: properties[index]!,
            };
          });
          added = [...products.keys()];
          await checkStock(sessionId, commands, products);
          return { commands, needsSession: true, check: from === 'database, unchecked' ? undefined : check };
        });
      // The catalog moved between the plan and the write: planned again from the database. A catalog that moves
      // again at once gets the add written as read (the product was sellable a moment ago), as without the memory.
      const result = await attempt('memory').catch((error: unknown) => {
        if (!(error instanceof CatalogMoved)) throw error;
        return attempt('database').catch((again: unknown) => {
          if (!(again instanceof CatalogMoved)) throw again;
          return attempt('database, unchecked');
        });
      });
      return result.kind === 'changed' ? { ...result, lines: added } : result;
    },

    /**
     * Sets one line's quantity (0 removes). The line must be in the cart. With `properties` (anything but undefined),
     * the line's properties are replaced, as Shopify's change.js does (see CartCommand `set`); the quantity may then
     * be left out to keep the line's.
     */
    async change(
      sessionId: string | undefined,
      target: LineTarget,
      quantity: unknown,
      options: MutationOptions = {},
      properties?: unknown,
    ): Promise<CartChangeResult> {
      const request = () => ['change', target, asSent(quantity), ...(properties === undefined ? [] : [properties])];
      return planAndApply(sessionId, request, options, async () => {
        const replaced = properties === undefined ? undefined : parseLineProperties(properties);
        const keepQuantity = replaced !== undefined && (quantity === undefined || quantity === '');
        const amount = keepQuantity ? undefined : parseLineQuantity(quantity);
        const cart = await view(sessionId);
        const line = findLine(cart, target);
        if (!line) throw lineNotFound();
        const commands: CartCommand[] = [
          { ...setLine(line, amount ?? line.quantity), ...(replaced ? { properties: replaced } : {}) },
        ];
        const named = { productId: line.productId, name: line.title };
        await checkStock(
          sessionId,
          commands,
          new Map([
            [line.lineId, named],
            ...(replaced ? [[lineId(line.addedPriceId, propertiesHash(replaced)), named] as const] : []),
          ]),
          cart,
        );
        return { commands, needsSession: false };
      });
    },

    /**
     * Sets many quantities at once, each naming a line by key, price id or position (0 removes), and the cart's note
     * and attributes. As in Shopify, an id not in the cart with a quantity above 0 is added when it names something
     * for sale; with 0 it is ignored; a position past the cart's lines is ignored too.
     */
    async update(
      sessionId: string | undefined,
      updates: ReadonlyArray<readonly [LineTarget, unknown]>,
      options: MutationOptions = {},
      detailsInput: DetailsInput = {},
    ): Promise<CartChangeResult> {
      const request = () => [
        'update',
        updates.map(([target, quantity]) => [target, asSent(quantity)]),
        detailsInput.note ?? null,
        detailsInput.attributes ?? null,
      ];
      return planAndApply(sessionId, request, options, async () => {
        const amounts = updates.map(([, quantity]) => parseLineQuantity(quantity));
        const details = parseDetailsChange(detailsInput.note, detailsInput.attributes);
        const cart = await view(sessionId);
        const lines = updates.map(([target]) => findLine(cart, target));
        const toAdd = updates.flatMap(([target], index) =>
          !lines[index] && amounts[index]! > 0 && 'id' in target ? [target.id] : [],
        );
        const sellable = await resolveSellable(catalog, toAdd);
        const commands = updates.flatMap(([target], index): CartCommand[] => {
          const line = lines[index];
          if (line) return [setLine(line, amounts[index]!)];
          const price = 'id' in target ? sellable.get(target.id) : undefined;
          return price ? [{ kind: 'set', lineId: price.priceId, quantity: amounts[index]!, sellable: price }] : [];
        });
        if (details) commands.push({ kind: 'details', change: details });
        const touched = new Map<string, { productId: string; name: string }>([
          ...lines.flatMap((line) =>
            line ? [[line.lineId, { productId: line.productId, name: line.title }] as const] : [],
          ),
          ...[...sellable.values()].map((price) => [price.priceId, price] as const),
        ]);
        await checkStock(sessionId, commands, touched, cart);
        return { commands, needsSession: toAdd.length > 0 || details !== undefined };
      });
    },

    /** Empties the cart; its note and attributes stay, as in Shopify. */
    async clear(sessionId: string | undefined, options: MutationOptions = {}): Promise<CartChangeResult> {
      return planAndApply(
        sessionId,
        () => ['clear'],
        options,
        async () => ({ commands: [{ kind: 'clear' }], needsSession: false }),
      );
    },

    /** Takes what a paid order bought out of the cart it came from (all of it when the cart did not change since). */
    async removeOrdered(
      sessionId: string,
      /** `key`: the store line id (an order's cartLineKey). */ lines: ReadonlyArray<{ key: string; quantity: number }>,
    ): Promise<void> {
      await carts.apply(
        sessionId,
        lines.map((line) => ({ kind: 'remove', lineId: line.key, quantity: line.quantity })),
        now(),
      );
    },

    /** Call once a page has shown the shopper a cart: its price changes are then announced, not repeated. */
    async markPricesShown(sessionId: string | undefined, cart: CartView): Promise<void> {
      const changed = cart.lines.filter((line) => line.previousUnitAmount !== null);
      if (sessionId && changed.length > 0)
        await carts.markPricesSeen(
          sessionId,
          changed.map((line) => ({ lineId: line.lineId, unitAmount: line.unitAmount })),
        );
    },
  };
}
