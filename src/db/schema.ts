import type { Generated } from 'kysely';

/**
 * Table types as Kysely sees them. Both dialects store the same shapes:
 * booleans as 0/1 integers, times as epoch milliseconds, JSON as text.
 */
import type { ColumnType } from 'kysely';

export interface ProductTable {
  id: string;
  name: string;
  description: string;
  /** 1 when sold, 0 when archived or missing from the latest export. */
  active: number;
  /** JSON object of string values from the export's `<key> (metadata)` columns. */
  metadata: string;
  /** Image URL or site path (`/images/demo/x.svg`), from the export's image column or `image` metadata. */
  image: string | null;
  /**
   * The price the storefront sells this product at when no option is chosen: the Stripe default price when it is an
   * option, else its newest option; null when none.
   */
  default_price_id: string | null;
  /** Stripe's `default_price` (the export's `Default Price`), as Stripe names it: sold or not; null for none. */
  stripe_default_price_id: string | null;
  /** 1-based place in the storefront listing, dense over listed products; null when not listed. */
  listing_position: number | null;
  /** 1 when it is sent to an address, 0 for services and digital goods (`shippable (metadata)=false`, `Type=service`). */
  shippable: number;
  /** Stable integer id (Shopify's product id), one sequence with prices.num_id; kept across re-imports. */
  num_id: number | null;
  /** Unique URL name (`/products/<handle>`): `handle (metadata)`, else made once from the name and kept. */
  handle: string | null;
  /** The lowest option's amount while listed (null otherwise): what price sorting and filters read, indexed. */
  list_price: number | null;
  /** How many prices it is sold at (its options, src/catalog/options/); 0 when not sold. */
  option_count: ColumnType<number, number | undefined, number>;
  created_at: number;
  updated_at: number;
}

export interface PriceTable {
  id: string;
  product_id: string;
  /** Integer amount in the currency's minor unit. */
  unit_amount: number;
  /** Lower-case ISO 4217 code, as Stripe writes it. */
  currency: string;
  type: 'one_time' | 'recurring';
  recurring_interval: string | null;
  recurring_interval_count: number | null;
  description: string;
  active: number;
  /** Whether unit_amount includes tax, as the export's `Tax Behavior` says. */
  tax_behavior: TaxBehavior;
  /** Stable integer id (Shopify's variant id), one sequence with products.num_id; kept across re-imports. */
  num_id: number | null;
  /** Stripe's `lookup_key` (the export's `Lookup Key`); null for none. */
  lookup_key: string | null;
  /** JSON object of string values from the export's `<key> (metadata)` columns (`option`, `position`). */
  metadata: ColumnType<string, string | undefined, string>;
  /** What a shopper chooses it by (`option (metadata)`, else the nickname); '' for neither. Set by the refresh. */
  option_label: ColumnType<string, string | undefined, string>;
  /** `position (metadata)` as a whole number; null for none. Set by the refresh. */
  option_rank: ColumnType<number | null, number | null | undefined, number | null>;
  /** 1..n among its product's options (the shopper's order); null when not sold in the cart. Set by the refresh. */
  option_position: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: number;
  updated_at: number;
}

export type TaxBehavior = 'inclusive' | 'exclusive' | 'unspecified';

/** Counted products only (an export's `stock (metadata)`); a product without a row is not tracked. */
export interface StockLevelTable {
  product_id: string;
  on_hand: number;
  /** Held by checkouts in progress (reservations come with checkout). */
  reserved: number;
  /** The number the last import gave: a re-import changes on_hand only when this differs (a new stocktake). */
  imported: number;
  updated_at: number;
}

export interface SessionTable {
  /** base64url: the creation millisecond (sorts as time does) and 210 random bits (newSessionId); the signed cookie carries it. */
  id: string;
  created_at: number;
  expires_at: number;
  /** Bumped by every cart change. */
  cart_version: number;
  /** Bumped when a page has shown the shopper the cart's changed prices (its lines' unit_amount_seen moved). */
  prices_seen_version: ColumnType<number, number | undefined, number>;
  /** The cart's note and attributes as JSON `{note, attributes}`; '' for neither. */
  cart_details: ColumnType<string, string | undefined, string>;
}

export interface CartLineTable {
  session_id: string;
  price_id: string;
  /** Lines of one price with different properties are different lines: '' for none. */
  properties_hash: ColumnType<string, string | undefined, string>;
  /** JSON, names in order; '' for none. */
  properties: ColumnType<string, string | undefined, string>;
  quantity: number;
  /** The unit amount the shopper last saw for the line (when adding it, or when a page showed a price change). */
  unit_amount_seen: number;
  created_at: number;
  updated_at: number;
}

export interface CartIdempotencyKeyTable {
  session_id: string;
  /** As the client sent it (Idempotency-Key header or a form's token). */
  key: string;
  fingerprint: string;
  cart_version: number;
  expires_at: number;
}

export type OrderStatus = 'pending' | 'paid' | 'review' | 'failed' | 'expired';

export interface OrderTable {
  /** Random, unguessable; shown to the shopper as the order number. */
  id: string;
  session_id: string;
  /** pending -> paid (or review when the amount paid differs), failed or expired. */
  status: OrderStatus;
  currency: string;
  total_amount: number;
  /** Hash of the cart lines the order was made from: the same cart reuses the same pending order. */
  cart_fingerprint: string;
  pending_key: string | null;
  provider: 'stripe' | 'demo';
  provider_session_id: string | null;
  checkout_url: string | null;
  checkout_expires_at: number;
  amount_paid: number | null;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
  /** Contact and delivery address, as the provider collected them; null until paid (and for older orders). */
  email: string | null;
  customer_name: string | null;
  phone: string | null;
  ship_line1: string | null;
  ship_line2: string | null;
  ship_city: string | null;
  ship_state: string | null;
  ship_postal_code: string | null;
  ship_country: string | null;
  /** 1 when the order holds anything physical. */
  shipping_required: number;
  /** The delivery country chosen when checkout started (options depend on it); null without shipping. */
  ship_to: string | null;
  /** JSON list of the ShippingOption offered when checkout started. */
  shipping_options: string;
  shipping_rate_id: string | null;
  shipping_name: string | null;
  shipping_amount: number;
  tax_amount: number;
  /** 1 when tax_amount came on top of the prices; 0 when included in them. */
  tax_added: number;
  /** Sum of the lines. total_amount = items + shipping (+ tax when added). */
  items_amount: number;
  payment_intent_id: string | null;
  /**
   * The order's hold on the stock (src/stock/reservations.ts): `unreserved` until checkout reserves it, then
   * `reserved` (or `untracked` when none of its products is counted), `released` once closed, `consumed` once paid,
   * `returned` once a refund put what it took back in stock.
   */
  stock_state: StockState;
  /** Set by the console when the order is sent, with the carrier's details. */
  shipped_at: number | null;
  delivered_at: number | null;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  /** Sum of succeeded refunds, minor units; refunded_at is the last one's time. */
  amount_refunded: Generated<number>;
  refunded_at: number | null;
  /** Why the order is in review (amount_mismatch, currency_mismatch, stock_gone, dispute, ...). */
  review_reason: string | null;
  /** The cart's note and attributes (JSON) when checkout started: Shopify's order note and additional details. */
  note: string | null;
  attributes: Generated<string>;
  /** The shopper's language when checkout started (`ja`); null for older orders: mail goes in the shop's default. */
  language: string | null;
}

export type StockState = 'unreserved' | 'reserved' | 'untracked' | 'released' | 'consumed' | 'returned';

export interface StockReservationTable {
  order_id: string;
  product_id: string;
  quantity: number;
}

export interface OrderLineTable {
  order_id: string;
  position: number;
  cart_line_key: string;
  price_id: string;
  product_id: string;
  name: string;
  unit_amount: number;
  quantity: number;
  line_total: number;
  /** The option chosen ("Large"), as called when ordered; '' when the product offered no choice. */
  option_label: ColumnType<string, string | undefined, string>;
}

export interface OrderFulfilmentTable {
  order_id: string;
  provider_session_id: string;
  amount_paid: number;
  currency: string;
  /** 1 once the order's items have left the cart (or while that is being done). */
  cart_cleared: number;
  created_at: number;
}

export interface PaymentEventTable {
  id: string;
  type: string;
  order_id: string | null;
  received_at: number;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

/** A refund of a paid order, asked for in the console or made in the Stripe Dashboard (src/admin/refunds/). */
export interface RefundTable {
  id: string;
  order_id: string;
  /** Minor units of the order's currency. */
  amount: number;
  currency: string;
  status: RefundStatus;
  /** Stripe's reason: `requested_by_customer`, `duplicate`, `fraudulent`; null when none was given. */
  reason: string | null;
  /** Why the provider failed or canceled it. */
  failure_reason: string | null;
  /** 1: the order's items go back in stock when it succeeds. */
  restock: number;
  provider_refund_id: string | null;
  /** The owner account that asked; null for refunds from the Stripe Dashboard. */
  requested_by: number | null;
  requested_by_email: string | null;
  /** The console form's one-time key: a resubmitted form finds this refund. */
  idempotency_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface DemoCheckoutSessionTable {
  id: string;
  order_id: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'failed';
  amount_total: number;
  currency: string;
  success_url: string;
  cancel_url: string;
  expires_at: number;
  created_at: number;
  /** JSON of what the demo page collected (contact, address, shipping option); null until paid. */
  collected: string | null;
}

export interface CatalogStateTable {
  /** Always 1: one row. */
  id: number;
  /** Bumped by every catalog import that is applied. */
  version: number;
  /** The shop's currency (lower-case ISO): what its prices are sold in (src/catalog/options/); null for an empty catalog. */
  currency: string | null;
  /** When `kago demo remove` ran (the demo is then never imported at start); null before. */
  demo_removed_at: number | null;
  /** SHOP_CURRENCY as last applied: an ISO code, or 'auto' (the commonest); null until first applied. */
  currency_setting: ColumnType<string | null, string | null | undefined, string | null>;
}

export type MailStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface MailOutboxTable {
  /** Random; also the local part of the Message-ID. */
  id: string;
  /** `order-confirmation:<order id>`, unique: the same mail is written once. */
  dedupe_key: string;
  /** Which template made it (`order-confirmation`, `order-notice`). */
  kind: string;
  to_address: string;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  /** `<id.kind@domain>`, the same on every attempt. */
  message_id: string;
  /** pending -> sent | failed; skipped when the shop sends no mail (production without SMTP_URL). */
  status: MailStatus;
  /** Attempts started (counted when claimed, so a crash mid-send counts too). */
  attempts: number;
  next_attempt_at: number;
  /** The lease: while in the future, the process holding claim_token is sending the row. */
  claimed_until: number | null;
  claim_token: string | null;
  sent_at: number | null;
  /** The kind of the last failure (`ECONNECTION`, `smtp 451`): never a message, address or secret. */
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface AdminAccountTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  /** `scrypt$N=..,r=..,p=..$salt$hash` (src/admin/passwords.ts). */
  password_hash: string;
  created_at: number;
  updated_at: number;
}

export interface AdminSessionTable {
  /** SHA-256 (hex) of the cookie's random token. */
  token_hash: string;
  account_id: number;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
}

export interface AdminSignInFailureTable {
  /** `account:<email>` or `ip:<address>`. */
  scope: string;
  at: number;
}

export interface AdminAuditLogTable {
  id: Generated<number>;
  actor_account_id: number | null;
  actor_email: string | null;
  ip: string | null;
  /** `order.shipped`, `refund.created`, `stock.adjusted`, `catalog.imported`, ... */
  action: string;
  subject_type: string;
  subject_id: string;
  /** JSON object. */
  details: string;
  at: number;
}

export interface AdminCatalogUploadTable {
  /** Random, 128 bits. */
  id: string;
  account_id: number;
  /** The file names as uploaded (problems and notes name them), and their bytes; null when not uploaded. */
  products_name: string | null;
  products_csv: Buffer | null;
  prices_name: string | null;
  prices_csv: Buffer | null;
  /** SHA-256 (hex) of both files. */
  digest: string;
  /** The dry run's ImportReport, JSON. */
  preview: string;
  created_at: number;
  expires_at: number;
}

export interface Database {
  products: ProductTable;
  prices: PriceTable;
  sessions: SessionTable;
  cart_lines: CartLineTable;
  cart_idempotency_keys: CartIdempotencyKeyTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  stock_reservations: StockReservationTable;
  order_fulfilments: OrderFulfilmentTable;
  payment_events: PaymentEventTable;
  demo_checkout_sessions: DemoCheckoutSessionTable;
  refunds: RefundTable;
  catalog_state: CatalogStateTable;
  mail_outbox: MailOutboxTable;
  admin_accounts: AdminAccountTable;
  admin_sessions: AdminSessionTable;
  admin_sign_in_failures: AdminSignInFailureTable;
  admin_audit_log: AdminAuditLogTable;
  admin_catalog_uploads: AdminCatalogUploadTable;
  stock_levels: StockLevelTable;
  collection_products: CollectionProductTable;
  catalog_sync_state: CatalogSyncStateTable;
  stripe_catalog_objects: StripeCatalogObjectTable;
  job_locks: JobLockTable;
}

/** A product's place in a collection named by its `collection (metadata)` (src/search/). */
export interface CollectionProductTable {
  collection_handle: string;
  product_id: string;
  /** The collection's name as that product's export wrote it. */
  title: string;
  /** Copies of the product's list_price, name and listing_position, so a collection's sorted pages walk one index. */
  list_price: number | null;
  name: string | null;
  listing_position: number | null;
}

/** One row: the order of reads of Stripe's catalog, and when the background sync is due (src/catalog/stripe/). */
export interface CatalogSyncStateTable {
  id: number;
  /** Taken before every read of Stripe: a larger ticket read Stripe later. */
  ticket: number;
  /** The ticket of the last full sync applied. */
  synced_ticket: number;
  /** When the background sync is due next; null: now. */
  next_sync_at: number | null;
}

/** A product or price a webhook wrote, with the ticket of the read it was written from. */
export interface StripeCatalogObjectTable {
  id: string;
  ticket: number;
}

/** A lease one process holds on a job across the shop (the background catalog sync). */
export interface JobLockTable {
  name: string;
  /** Random per holder: only the holder renews or releases it. */
  owner: string;
  expires_at: number;
}
