/**
 * Stripe Checkout through the official SDK. Line items name Stripe price ids, so Stripe charges exactly the
 * catalog's prices; the idempotency key is derived from the order, so pressing checkout twice (or a retry after a
 * timeout) gives the same Checkout Session.
 */
import type Stripe from 'stripe';
import type { Address, PhoneRule } from '../../shipping/address.js';
import type { Order } from '../order-store.js';
import type { CollectedDetails, PaymentOutcome, PaymentProvider } from './provider.js';

export interface StripeOptions {
  secretKey: string;
  /** Another API endpoint than Stripe's (a local fake in tests and benchmarks). */
  apiUrl?: URL | undefined;
  /** The SDK's own retries (default 2); 0 where the caller retries with a backoff of its own (the catalog sync). */
  maxNetworkRetries?: number;
}

/** The SDK's options for a client as kago makes one (createStripeClient). */
export function stripeClientOptions({ apiUrl, maxNetworkRetries = 2 }: Omit<StripeOptions, 'secretKey'>) {
  const api = apiUrl && {
    host: apiUrl.hostname,
    port: Number(apiUrl.port || (apiUrl.protocol === 'https:' ? 443 : 80)),
    protocol: apiUrl.protocol === 'https:' ? ('https' as const) : ('http' as const),
  };
  return { ...api, maxNetworkRetries, timeout: 20_000, appInfo: { name: 'kago' } };
}

/**
 * A client of the Stripe API. The SDK is loaded here, on first use, not when this module is: a shop on the demo
 * provider never loads it (its hundreds of modules cost about 0.1 s of CPU at every process start).
 */
export async function createStripeClient({ secretKey, ...options }: StripeOptions): Promise<Stripe> {
  const { default: Stripe } = await import('stripe');
  return new Stripe(secretKey, stripeClientOptions(options));
}

export interface StripeCheckoutOptions {
  /** CHECKOUT_PHONE: Stripe can only ask for a phone number or not; `required` and `optional` both ask. */
  phone: PhoneRule;
  /** STRIPE_AUTOMATIC_TAX: Stripe Tax computes the tax. */
  automaticTax: boolean;
}

/** What the Checkout Session asks for besides payment: address and shipping options when the order ships, phone, tax. */
export function collectionParams(
  order: Order,
  options: StripeCheckoutOptions,
): Partial<Stripe.Checkout.SessionCreateParams> {
  const params: Partial<Stripe.Checkout.SessionCreateParams> = {
    phone_number_collection: { enabled: options.phone !== 'off' },
    ...(options.automaticTax ? { automatic_tax: { enabled: true } } : {}),
  };
  if (!order.shippingRequired || !order.shipTo) return params;
  return {
    ...params,
    shipping_address_collection: {
      allowed_countries: [order.shipTo as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry],
    },
    // In the order's own order: the session's shipping_options keep it, which is how the choice is read back.
    shipping_options: order.shippingOptions.map((option) => ({
      shipping_rate_data: {
        type: 'fixed_amount',
        fixed_amount: { amount: option.amount, currency: order.currency },
        display_name: option.name,
        delivery_estimate: {
          minimum: { unit: 'business_day', value: option.minDays },
          maximum: { unit: 'business_day', value: option.maxDays },
        },
        metadata: { kago_rate_id: option.id },
      },
    })),
  };
}

function addressOf(address: Stripe.Address | null | undefined): Address | null {
  if (!address?.country || !address.line1) return null;
  return {
    line1: address.line1,
    line2: address.line2 || null,
    city: address.city ?? '',
    state: address.state || null,
    postalCode: address.postal_code ?? '',
    country: address.country,
  };
}

/**
 * What Stripe collected, read from a completed session with the current API's names: the shipping address is in
 * `collected_information.shipping_details` (API 2025-03-31 on; the older top-level `shipping_details` is read when
 * an event from an older API version carries it), contact in `customer_details`, the shipping chosen in
 * `shipping_cost.shipping_rate`, found among `shipping_options` (which keep the order they were given in).
 */
export function collectedDetails(session: Stripe.Checkout.Session): CollectedDetails {
  const legacy = (session as { shipping_details?: { name?: string | null; address?: Stripe.Address | null } | null })
    .shipping_details;
  const shipping = session.collected_information?.shipping_details ?? legacy ?? null;
  const rateId = (rate: string | Stripe.ShippingRate | null | undefined) =>
    typeof rate === 'string' ? rate : (rate?.id ?? null);
  const chosen = rateId(session.shipping_cost?.shipping_rate);
  const index =
    chosen === null
      ? -1
      : (session.shipping_options ?? []).findIndex((option) => rateId(option.shipping_rate) === chosen);
  return {
    email: session.customer_details?.email ?? null,
    name: shipping?.name || session.customer_details?.name || null,
    phone: session.customer_details?.phone ?? null,
    address: addressOf(shipping?.address),
    shippingOptionIndex: index < 0 ? null : index,
    shippingAmount: session.shipping_cost?.amount_total ?? 0,
    taxAmount: session.total_details?.amount_tax ?? 0,
    paymentIntentId:
      typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null),
  };
}

/** A Checkout Session as an outcome: paid only when Stripe says complete and paid. */
export function sessionOutcome(session: Stripe.Checkout.Session): PaymentOutcome {
  const orderId = session.metadata?.order_id ?? session.client_reference_id ?? undefined;
  const base = { checkoutSessionId: session.id, orderId };
  if (
    session.status === 'complete' &&
    (session.payment_status === 'paid' || session.payment_status === 'no_payment_required')
  ) {
    return {
      kind: 'paid',
      ...base,
      amountPaid: session.amount_total ?? 0,
      currency: session.currency ?? '',
      details: collectedDetails(session),
    };
  }
  if (session.status === 'expired') return { kind: 'expired', ...base };
  return { kind: 'open', ...base };
}

export function createStripeProvider(client: Stripe, options: StripeCheckoutOptions): PaymentProvider {
  return {
    name: 'stripe',

    async createCheckout({ order, successUrl, cancelUrl }) {
      const session = await client.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: order.lines.map((line) => ({ price: line.priceId, quantity: line.quantity })),
          success_url: successUrl,
          cancel_url: cancelUrl,
          client_reference_id: order.id,
          metadata: { order_id: order.id },
          expires_at: Math.floor(order.checkoutExpiresAt / 1000),
          ...(order.language ? { locale: order.language as Stripe.Checkout.SessionCreateParams.Locale } : {}),
          ...collectionParams(order, options),
        },
        { idempotencyKey: `kago-order-${order.id}` },
      );
      if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
      return { checkoutSessionId: session.id, url: session.url };
    },

    async retrieve(checkoutSessionId) {
      try {
        return sessionOutcome(await client.checkout.sessions.retrieve(checkoutSessionId));
      } catch (error) {
        if (error instanceof client.errors.StripeInvalidRequestError && error.statusCode === 404) return undefined;
        throw error;
      }
    },
  };
}
