/**
 * Contact and delivery details as a shopper types them on a checkout form, checked the way fulfilment needs them:
 * an email always, a name, a phone per CHECKOUT_PHONE, and a delivery address (to a country the shop ships to)
 * when the order holds anything physical. Japanese addresses: postal code NNN-NNNN, prefecture, city, lines.
 * Pure: returns the clean details, or a problem per field (a code the shop's message catalogs word as
 * `details.error.<code>`, with the facts it names).
 */
export type PhoneRule = 'required' | 'optional' | 'off';

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  /** State, prefecture or province; null where the country has none. */
  state: string | null;
  postalCode: string;
  /** Upper-case ISO 3166-1 code. */
  country: string;
}

export interface Contact {
  email: string;
  name: string;
  phone: string | null;
}

export interface DetailsRules {
  phone: PhoneRule;
  /** Null when the order needs no delivery address. */
  shipTo: readonly string[] | null;
  /** Ids of the shipping options offered; one must be chosen when shipping. */
  shippingOptionIds: readonly string[];
}

export interface CheckoutDetails {
  contact: Contact;
  address: Address | null;
  shippingOptionId: string | null;
}

export type DetailsField =
  'email' | 'name' | 'phone' | 'line1' | 'line2' | 'city' | 'state' | 'postal_code' | 'country' | 'shipping_option';

export type DetailsProblemCode =
  | 'emailRequired'
  | 'emailFormat'
  | 'nameRequired'
  | 'phoneRequired'
  | 'phoneFormat'
  | 'tooLong'
  | 'countryRequired'
  | 'countryNotShipped'
  | 'postalRequired'
  | 'postalFormatJp'
  | 'prefectureRequired'
  | 'cityRequired'
  | 'line1Required'
  | 'optionRequired'
  | 'optionNotOffered';

export interface DetailsProblem {
  code: DetailsProblemCode;
  values?: Record<string, string | number>;
}

export type DetailsErrors = Partial<Record<DetailsField, DetailsProblem>>;

export type DetailsResult = { ok: true; details: CheckoutDetails } | { ok: false; errors: DetailsErrors };

// What a mail system accepts in practice: something@domain.tld, no spaces, one @.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,22}[0-9]$/;
const JP_POSTAL = /^([0-9]{3})-?([0-9]{4})$/;

const clean = (value: string | undefined) => (value ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ');

/** Checks the form fields; every field's problem is reported at once, so the shopper fixes them in one go. */
export function checkDetails(input: Readonly<Record<string, string | undefined>>, rules: DetailsRules): DetailsResult {
  const errors: DetailsErrors = {};
  const field = (name: DetailsField, max: number, required: DetailsProblemCode | null): string => {
    const value = clean(input[name]);
    if (value === '' && required) errors[name] = { code: required };
    else if (value.length > max) errors[name] = { code: 'tooLong', values: { max } };
    return value;
  };
  const email = field('email', 254, 'emailRequired');
  if (email && !errors.email && !EMAIL.test(email)) errors.email = { code: 'emailFormat' };
  const name = field('name', 100, 'nameRequired');
  let phone: string | null = null;
  if (rules.phone !== 'off') {
    phone = field('phone', 24, rules.phone === 'required' ? 'phoneRequired' : null) || null;
    if (phone && !errors.phone && !PHONE.test(phone)) errors.phone = { code: 'phoneFormat' };
  }
  let address: Address | null = null;
  let shippingOptionId: string | null = null;
  if (rules.shipTo) {
    const country = clean(input.country).toUpperCase();
    if (!rules.shipTo.includes(country))
      errors.country = country
        ? { code: 'countryNotShipped', values: { country, countries: rules.shipTo.join(', ') } }
        : { code: 'countryRequired' };
    const japan = country === 'JP';
    let postalCode = field('postal_code', 16, 'postalRequired');
    if (japan && postalCode && !errors.postal_code) {
      const match = JP_POSTAL.exec(postalCode);
      if (match) postalCode = `${match[1]}-${match[2]}`;
      else errors.postal_code = { code: 'postalFormatJp' };
    }
    const state = field('state', 100, japan ? 'prefectureRequired' : null);
    const city = field('city', 100, 'cityRequired');
    const line1 = field('line1', 200, 'line1Required');
    const line2 = field('line2', 200, null);
    address = { line1, line2: line2 || null, city, state: state || null, postalCode, country };
    const chosen = clean(input.shipping_option);
    if (!rules.shippingOptionIds.includes(chosen))
      errors.shipping_option = { code: chosen ? 'optionNotOffered' : 'optionRequired' };
    else shippingOptionId = chosen;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, details: { contact: { email, name, phone }, address, shippingOptionId } };
}
