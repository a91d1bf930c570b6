/**
 * The fake Stripe's shape as tests see it: what it records, the events it builds, and the handle `startFakeStripe`
 * gives (test/support/fake-stripe.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Permission } from './access.js';
import type { FakeCatalogPrice, FakeProduct, PriceInput, ProductInput, updatePrice } from './catalog.js';
import type { FakeSession, FakePrice } from './checkout-sessions.js';
import type { FakeCustomer } from './collection.js';
import type { FakeCharge, FakeRefund, makeDispute } from './refunds.js';
import type { Params } from './wire.js';

export interface RecordedRequest {
  method: string;
  /** The path without the query string; GET parameters are in `params`. */
  path: string;
  /** As Node gives them: lower-case names. */
  headers: IncomingHttpHeaders;
  /** The form body (POST) or query string (GET), parsed with qs: `line_items[0][quantity]=2` -> `{ line_items: [{ quantity: '2' }] }`. */
  params: Params;
  idempotencyKey: string | undefined;
  /** The HTTP status the fake answered. */
  status: number;
}

export interface FakeEvent<T = FakeSession> {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: T };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
}

export interface FakeStripe {
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  requests: RecordedRequest[];
  /** Every session created, by id: the live objects the API answers with. */
  sessions: Map<string, FakeSession>;
  /** Registers a price that line items may use (`active` defaults to true). */
  addPrice(price: {
    id: string;
    unit_amount: number;
    currency: string;
    active?: boolean;
    product?: string;
    name?: string;
  }): FakePrice;
  /** The customer pays: status `complete`, payment_status `paid` (or as given), `amountTotal` to fake a mismatch. Returns a snapshot. */
  completeSession(
    id: string,
    options?: { amountTotal?: number; paymentStatus?: 'paid' | 'unpaid' } & FakeCustomer,
  ): FakeSession;
  /** The session times out: status `expired`. Returns a snapshot. */
  expireSession(id: string): FakeSession;
  /** A Stripe Event carrying a snapshot of `session` (or of the session with that id), ready to JSON.stringify and sign. */
  event(type: string, session: FakeSession | string): FakeEvent;
  /** A Stripe Event carrying a snapshot of any object (a refund, a charge, a dispute). */
  eventOf<T extends object>(type: string, object: T): FakeEvent<T>;
  /** Every refund made, by id; `charges` by payment intent id (one per completed session). */
  refunds: Map<string, FakeRefund>;
  charges: Map<string, FakeCharge>;
  /** New refunds start `pending` (bank transfers, some cards) instead of `succeeded`. */
  refundsStartAs(status: 'succeeded' | 'pending'): void;
  /** A refund made in the Stripe Dashboard (no metadata). Returns a snapshot. */
  dashboardRefund(paymentIntent: string, amount: number, reason?: string): FakeRefund;
  /** The bank settles (or bounces) a refund. Returns a snapshot. */
  settleRefund(id: string, status: 'succeeded' | 'failed' | 'canceled', failureReason?: string): FakeRefund;
  /** A dispute on the payment, as `charge.dispute.created` carries it. */
  dispute(paymentIntent: string, reason?: string): ReturnType<typeof makeDispute>;
  /** The next `times` API requests (after the API-key check) fail with this error; default a 500 `api_error`. */
  failNext(error?: { status?: number; type?: string; message?: string; code?: string }, times?: number): void;
  /** The next `times` API requests get no answer: the connection is cut (the SDK sees a network error). */
  dropNext(times?: number): void;
  /**
   * Awaited after an API request's answer is made (and recorded), before it is sent: a test holds an answer that is
   * already out of date, or changes Stripe between the pages of a list.
   */
  beforeSend:
    ((request: { method: string; path: string; params: Params; status: number }) => void | Promise<void>) | undefined;
  /** A restricted key (`rk_test_...`) with these permissions, such as `products:read`. */
  restrictedKey(key: string, permissions: Permission[]): void;
  /** The catalog, changed as in the Dashboard; each change returns the event Stripe would send about it. */
  catalog: {
    products: Map<string, FakeProduct>;
    prices: Map<string, FakeCatalogPrice>;
    createProduct(input: ProductInput): FakeEvent<FakeProduct>;
    updateProduct(id: string, changes: Partial<ProductInput>): FakeEvent<FakeProduct>;
    deleteProduct(id: string): FakeEvent<FakeProduct>;
    createPrice(input: PriceInput): FakeEvent<FakeCatalogPrice>;
    updatePrice(id: string, changes: Parameters<typeof updatePrice>[2]): FakeEvent<FakeCatalogPrice>;
    deletePrice(id: string): FakeEvent<FakeCatalogPrice>;
  };
  close(): Promise<void>;
}
