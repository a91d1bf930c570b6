/**
 * An order as the rest of the shop sees it, and how it is read from its rows: what was bought, who bought it,
 * where it goes, and what was paid for items, shipping and tax.
 */
import type { Selectable } from 'kysely';
import type { OrderLineTable, OrderStatus, OrderTable } from '../db/schema.js';
import type { Address } from '../shipping/address.js';
import type { ShippingOption } from '../shipping/rates.js';

export interface OrderLine {
  cartLineKey: string;
  priceId: string;
  productId: string;
  name: string;
  /** The option chosen ("Large"), as called when ordered; '' when the product offered no choice. */
  optionLabel: string;
  unitAmount: number;
  quantity: number;
  lineTotal: number;
}

export interface Order {
  id: string;
  sessionId: string;
  status: OrderStatus;
  currency: string;
  /** Sum of the lines. */
  itemsAmount: number;
  /** What the shopper pays: items + shipping (+ tax when added on top) once paid; the items alone before, as shipping is chosen at payment. */
  totalAmount: number;
  provider: 'stripe' | 'demo';
  providerSessionId: string | null;
  checkoutUrl: string | null;
  checkoutExpiresAt: number;
  amountPaid: number | null;
  createdAt: number;
  paidAt: number | null;
  lines: OrderLine[];
  /** Null until the provider collected them (at payment). */
  email: string | null;
  name: string | null;
  phone: string | null;
  address: Address | null;
  /** The order holds something physical: it needs a delivery address and a shipping option. */
  shippingRequired: boolean;
  /** The delivery country chosen when checkout started; null without shipping. */
  shipTo: string | null;
  /** The options offered when checkout started, cheapest first. */
  shippingOptions: ShippingOption[];
  /** The option chosen and what it cost; null until paid or without shipping. */
  shipping: { rateId: string; name: string; amount: number } | null;
  taxAmount: number;
  /** Tax came on top of the prices; false when included in them (or none). */
  taxAdded: boolean;
  paymentIntentId: string | null;
  /** The cart's note when checkout started (null for none) and its attributes, as Shopify carries them to the order. */
  note: string | null;
  attributes: Readonly<Record<string, string>>;
  /** The language the shopper read the shop in at checkout (`ja`); null when not recorded (older orders). */
  language: string | null;
}

export interface NewOrder {
  sessionId: string;
  currency: string;
  fingerprint: string;
  provider: 'stripe' | 'demo';
  checkoutExpiresAt: number;
  /** `optionLabel` may be left out: no option. */
  lines: Array<Omit<OrderLine, 'optionLabel'> & { optionLabel?: string }>;
  shippingRequired: boolean;
  shipTo: string | null;
  shippingOptions: ShippingOption[];
  /** The cart's note and attributes; none when left out. */
  note?: string | undefined;
  attributes?: Readonly<Record<string, string>> | undefined;
  /** The shopper's language, for the order's mail. */
  language?: string | undefined;
}

function addressOf(row: Selectable<OrderTable>): Address | null {
  if (row.ship_country === null || row.ship_line1 === null) return null;
  return {
    line1: row.ship_line1,
    line2: row.ship_line2,
    city: row.ship_city ?? '',
    state: row.ship_state,
    postalCode: row.ship_postal_code ?? '',
    country: row.ship_country,
  };
}

export function toOrder(row: Selectable<OrderTable>, lines: Selectable<OrderLineTable>[]): Order {
  return {
    id: row.id,
    sessionId: row.session_id,
    status: row.status,
    currency: row.currency,
    itemsAmount: Number(row.items_amount),
    totalAmount: Number(row.total_amount),
    provider: row.provider,
    providerSessionId: row.provider_session_id,
    checkoutUrl: row.checkout_url,
    checkoutExpiresAt: Number(row.checkout_expires_at),
    amountPaid: row.amount_paid === null ? null : Number(row.amount_paid),
    createdAt: Number(row.created_at),
    paidAt: row.paid_at === null ? null : Number(row.paid_at),
    lines: lines.map((line) => ({
      cartLineKey: line.cart_line_key,
      priceId: line.price_id,
      productId: line.product_id,
      name: line.name,
      optionLabel: line.option_label,
      unitAmount: Number(line.unit_amount),
      quantity: line.quantity,
      lineTotal: Number(line.line_total),
    })),
    email: row.email,
    name: row.customer_name,
    phone: row.phone,
    address: addressOf(row),
    shippingRequired: row.shipping_required === 1,
    shipTo: row.ship_to,
    shippingOptions: JSON.parse(row.shipping_options) as ShippingOption[],
    shipping:
      row.shipping_rate_id === null
        ? null
        : {
            rateId: row.shipping_rate_id,
            name: row.shipping_name ?? row.shipping_rate_id,
            amount: Number(row.shipping_amount),
          },
    taxAmount: Number(row.tax_amount),
    taxAdded: row.tax_added === 1,
    paymentIntentId: row.payment_intent_id,
    note: row.note || null,
    attributes: JSON.parse(row.attributes || '{}') as Record<string, string>,
    language: row.language ?? null,
  };
}
