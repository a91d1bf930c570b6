/**
 * The ship form as the console receives it (untrusted): carrier, tracking number and an optional tracking URL,
 * checked into a `Shipment` or refused with `bad_shipment`. Only http and https tracking links are taken: the link
 * goes into the shopper's mail, where a `javascript:` or `data:` URL must never be. Pure.
 */
import { AdminOrderError } from './errors.js';

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
}

export const CARRIER_MAX = 100;
export const TRACKING_NUMBER_MAX = 100;
export const TRACKING_URL_MAX = 2000;

const CONTROL = /[\u0000-\u001f\u007f]/;

function text(value: unknown, label: string, max: number): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') throw new AdminOrderError('bad_shipment', `Enter the ${label}. Nothing was changed.`);
  if (trimmed.length > max)
    throw new AdminOrderError('bad_shipment', `The ${label} is at most ${max} characters. Nothing was changed.`);
  if (CONTROL.test(trimmed))
    throw new AdminOrderError('bad_shipment', `The ${label} must be one line of text. Nothing was changed.`);
  return trimmed;
}

function trackingUrl(value: unknown): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') return null;
  let url: URL | undefined;
  try {
    url = trimmed.length <= TRACKING_URL_MAX && !CONTROL.test(trimmed) ? new URL(trimmed) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new AdminOrderError(
      'bad_shipment',
      `The tracking URL must be a web address starting with https:// or http:// (at most ${TRACKING_URL_MAX} characters). Nothing was changed.`,
    );
  }
  return url.href;
}

/** Reads the form's `carrier`, `tracking_number` and `tracking_url` fields. */
export function parseShipment(form: Record<string, unknown>): Shipment {
  return {
    carrier: text(form.carrier, 'carrier', CARRIER_MAX),
    trackingNumber: text(form.tracking_number, 'tracking number', TRACKING_NUMBER_MAX),
    trackingUrl: trackingUrl(form.tracking_url),
  };
}
