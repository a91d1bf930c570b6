/**
 * The contact and delivery form of the demo payment page, as Stripe Checkout asks for it: email always, name,
 * phone per CHECKOUT_PHONE, and for an order that ships, the address (Japanese order: postal code, prefecture,
 * city, lines) and a choice of the shipping options offered. Keeps the shopper's input and shows each field's problem.
 */
import type { Order } from '../../checkout/order.js';
import type { DetailsField, PhoneRule } from '../../shipping/address.js';
import { countryName } from '../../shipping/countries.js';
import type { PageContext } from './page-context.js';

export type FormInput = Readonly<Record<string, string | undefined>>;
export type FormErrors = Partial<Record<DetailsField, string>>;

interface FieldProps {
  name: DetailsField;
  label: string;
  input: FormInput;
  errors: FormErrors;
  type?: string;
  autocomplete: string;
  required?: boolean;
  hint?: string;
}

function Field({ name, label, input, errors, type = 'text', autocomplete, required = true, hint }: FieldProps) {
  const error = errors[name];
  const id = `field-${name}`;
  return (
    <div class="form-field">
      <label for={id}>
        {label}
        {required ? '' : ' (optional)'}
      </label>
      {hint ? (
        <span class="form-field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        value={input[name] ?? ''}
        autocomplete={autocomplete}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
      />
      {error ? (
        <span class="form-field__error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function CheckoutDetailsFields({ ctx, order, phone, input, errors }: { ctx: PageContext; order: Order; phone: PhoneRule; input: FormInput; errors: FormErrors }) {
  const common = { input, errors };
  const japan = order.shipTo === 'JP';
  const chosen = input.shipping_option ?? order.shippingOptions[0]?.id;
  return (
    <>
      <fieldset class="form-group">
        <legend>Contact</legend>
        <Field name="email" label="Email" type="email" autocomplete="email" hint="For the order confirmation." {...common} />
        <Field name="name" label="Full name" autocomplete="name" {...common} />
        {phone === 'off' ? null : <Field name="phone" label="Phone" type="tel" autocomplete="tel" required={phone === 'required'} {...common} />}
      </fieldset>
      {order.shippingRequired && order.shipTo ? (
        <>
          <fieldset class="form-group">
            <legend>Delivery address</legend>
            <div class="form-field">
              <label for="field-country">Country</label>
              <select id="field-country" name="country" autocomplete="country">
                <option value={order.shipTo} selected>
                  {countryName(order.shipTo) ?? order.shipTo}
                </option>
              </select>
              {errors.country ? <span class="form-field__error">{errors.country}</span> : null}
            </div>
            <Field name="postal_code" label="Postal code" autocomplete="postal-code" hint={japan ? 'As 123-4567.' : undefined} {...common} />
            <Field name="state" label={japan ? 'Prefecture' : 'State / province'} autocomplete="address-level1" required={japan} {...common} />
            <Field name="city" label={japan ? 'City / ward' : 'City'} autocomplete="address-level2" {...common} />
            <Field name="line1" label="Address" autocomplete="address-line1" hint={japan ? 'Town, block and building number.' : undefined} {...common} />
            <Field name="line2" label="Building, apartment" autocomplete="address-line2" required={false} {...common} />
          </fieldset>
          <fieldset class="form-group">
            <legend>Shipping</legend>
            {order.shippingOptions.map((option) => (
              <label class="shipping-option">
                <input type="radio" name="shipping_option" value={option.id} checked={option.id === chosen} required />
                <span>
                  <strong>{option.name}</strong> · {option.amount === 0 ? 'Free' : ctx.formatPrice(option.amount, order.currency)}
                  <br />
                  <small>
                    {option.minDays}–{option.maxDays} business days
                  </small>
                </span>
              </label>
            ))}
            {errors.shipping_option ? <span class="form-field__error">{errors.shipping_option}</span> : null}
          </fieldset>
        </>
      ) : null}
    </>
  );
}
