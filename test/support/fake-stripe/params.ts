/**
 * Stripe's checks on request parameters, for the fake: unknown names, strings, integers, URLs and metadata.
 * Every leaf arrives as a string (the SDK form-encodes numbers and booleans); each check throws a 400
 * `invalid_request_error` naming the parameter in `param`, as Stripe does.
 */
import { invalidRequest, type Params } from './wire.js';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Refuses any parameter not in `allowed`: "Received unknown parameter: line_items[0][amount]". */
export function allowOnly(params: Params, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(params)) {
    if (allowed.includes(key)) continue;
    const param = prefix ? `${prefix}[${key}]` : key;
    throw invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
  }
}

/** A nested object parameter (`line_items[0]`, `price_data`), or a 400. */
export function objectParam(value: unknown, param: string): Params {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidRequest(`Invalid object: ${show(value)}`, param);
  return value as Params;
}

/** A string parameter; an empty one reads as an attempt to unset it, which create parameters refuse. */
export function stringParam(value: unknown, param: string, maxLength = 5000): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${show(value)}`, param);
  if (value === '') {
    throw invalidRequest(
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      param,
    );
  }
  if (value.length > maxLength)
    throw invalidRequest(
      `Invalid string: ${value.slice(0, 20)}...; must be at most ${maxLength} characters`,
      param,
      'string_length_exceeds_maximum',
    );
  return value;
}

/** One of `choices`, or Stripe's "Invalid mode: must be one of payment, setup, or subscription". */
export function enumParam(value: unknown, param: string, choices: readonly string[]): string | undefined {
  const text = stringParam(value, param);
  if (text === undefined || choices.includes(text)) return text;
  const list = choices.length > 1 ? `${choices.slice(0, -1).join(', ')}, or ${choices.at(-1)}` : choices[0];
  throw invalidRequest(`Invalid ${param}: must be one of ${list}`, param);
}

/** A whole number within [min, max]; "2" is how the SDK sends 2. */
export function integerParam(value: unknown, param: string, min: number, max: number): number {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value))
    throw invalidRequest(`Invalid integer: ${show(value)}`, param);
  const number = Number(value);
  if (number < min) throw invalidRequest(`This value must be greater than or equal to ${min}.`, param);
  if (number > max) throw invalidRequest(`This value must be less than or equal to ${max}.`, param);
  return number;
}

/** An absolute http(s) URL; `{CHECKOUT_SESSION_ID}` templates are fine. */
export function urlParam(value: unknown, param: string): string | undefined {
  const text = stringParam(value, param, 5000);
  if (text === undefined) return undefined;
  if (!/^https?:\/\//i.test(text) || !URL.canParse(text)) throw invalidRequest('Not a valid URL', param, 'url_invalid');
  return text;
}

/** Metadata with Stripe's limits: 50 keys, keys up to 40 characters, string values up to 500; empty values unset. */
export function metadataParam(value: unknown, param = 'metadata'): Record<string, string> {
  if (value === undefined || value === '') return {};
  const entries = Object.entries(objectParam(value, param));
  if (entries.length > 50) throw invalidRequest('Invalid metadata: metadata can have at most 50 keys.', param);
  const metadata: Record<string, string> = {};
  for (const [key, item] of entries) {
    const itemParam = `${param}[${key}]`;
    if (key.length > 40)
      throw invalidRequest(`Invalid metadata: keys can be at most 40 characters long (${key}).`, itemParam);
    if (typeof item !== 'string') throw invalidRequest(`Invalid metadata: values must be strings (${key}).`, itemParam);
    if (item.length > 500)
      throw invalidRequest(`Invalid metadata: values can be at most 500 characters long (${key}).`, itemParam);
    if (item !== '') metadata[key] = item;
  }
  return metadata;
}

/** `expand[]`: a list of dotted paths. */
export function expandParam(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw invalidRequest(`Invalid array: ${show(value)}`, 'expand');
  return value as string[];
}
