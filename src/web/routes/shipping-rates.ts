/**
 * Shopify's shipping-rate endpoints over kago's rates (src/shipping): GET /cart/shipping_rates.json, and the pair
 * POST /cart/prepare_shipping_rates.json (202, computing starts) + GET /cart/async_shipping_rates.json (the rates;
 * kago's are ready at once). The address comes as `shipping_address[country]` (ISO code or English name), `[zip]`
 * and `[province]` in the query (or the form body); without a country, the shop's first delivery country is used,
 * as the cart page does. Amounts as docs/decisions/0009-shopify-compatible-amounts.md says.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CartService } from '../../cart/cart-service.js';
import { toShopifyDecimal } from '../../money/index.js';
import { countryName } from '../../shipping/countries.js';
import { shippingOptionsFor, type ShippingRate } from '../../shipping/rates.js';

export interface ShippingRatesOptions {
  shipTo: readonly string[];
  rates: readonly ShippingRate[];
}

/** `shipping_address[country]` from a flat (`a[b]=`) or nested (`{a: {b}}`) query or body. */
function addressField(source: unknown, field: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const record = source as Record<string, unknown>;
  const nested = record.shipping_address;
  const value =
    record[`shipping_address[${field}]`] ??
    (typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>)[field] : undefined);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An ISO code from `JP`, `jp` or `Japan`; undefined when it names no country. */
function countryCode(text: string, shipTo: readonly string[]): string | undefined {
  const upper = text.toUpperCase();
  if (countryName(upper)) return upper;
  return shipTo.find((code) => countryName(code)?.toLowerCase() === text.toLowerCase());
}

/** Shopify's refusal shape for shipping rates: `{field: [problem]}`, 422. */
const refusal = (reply: FastifyReply, field: string, problem: string) =>
  reply
    .code(422)
    .header('cache-control', 'no-store')
    .send({ [field]: [problem] });

export function shippingRatesRoutes(cart: CartService, { shipTo, rates }: ShippingRatesOptions) {
  async function answer(request: FastifyRequest, reply: FastifyReply, prepare = false) {
    const given = addressField(request.query, 'country') ?? addressField(request.body, 'country');
    const country = given === undefined ? shipTo[0]! : countryCode(given, shipTo);
    if (country === undefined || !shipTo.includes(country)) return refusal(reply, 'country', 'is not supported');
    const view = await cart.view(request.sessionId);
    const shipped = view.lines.filter((line) => line.available && line.shippable);
    if (view.currency === null || shipped.length === 0)
      return refusal(reply, 'error', 'This cart does not require shipping');
    // Shopify starts computing here and answers 202 with `null`; kago computes on the read, so checking is all.
    if (prepare) return reply.code(202).header('cache-control', 'no-store').type('application/json').send('null');
    const currency = view.currency;
    const options = shippingOptionsFor(rates, { currency, subtotal: view.subtotal, country });
    return reply.header('cache-control', 'no-store').send({
      shipping_rates: options.map((option) => ({
        name: option.name,
        presentment_name: option.name,
        code: option.id,
        price: toShopifyDecimal(option.amount, currency),
        markup: null,
        source: 'kago',
        delivery_date: null,
        delivery_range: null,
        delivery_days: [option.minDays, option.maxDays],
        compare_price: null,
        phone_required: false,
        currency: currency.toUpperCase(),
        carrier_identifier: null,
        carrier_service: null,
        description: null,
        accepts_instructions: false,
        price_minor: option.amount,
      })),
    });
  }

  return async (app: FastifyInstance): Promise<void> => {
    const withSession = { preHandler: app.loadSession };
    app.get('/cart/shipping_rates.json', withSession, answer);
    app.get('/cart/async_shipping_rates.json', withSession, answer);
    app.post('/cart/prepare_shipping_rates.json', withSession, (request, reply) => answer(request, reply, true));
  };
}
