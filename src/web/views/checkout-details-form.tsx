/**
 * The contact and delivery form of the demo payment page, as Stripe Checkout asks for it: email always, name,
 * phone per CHECKOUT_PHONE, and for an order that ships, the address (Japanese order: postal code, prefecture,
 * city, lines) and a choice of the shipping options offered. Keeps the shopper's input and shows each field's problem.
 */
import type { Order } from '../../checkout/order.js';
import type { DetailsErrors, DetailsField, PhoneRule } from '../../shipping/address.js';
import { countryName } from '../../shipping/countries.js';
import type { PageContext } from './page-context.js';

export type FormInput = Readonly<Record<string, string | undefined>>;
export type FormErrors = DetailsErrors;

interface FieldProps {
  ctx: Pick<PageContext, 't'>;
  name: DetailsField;
  label: string;
  input: FormInput;
  errors: FormErrors;
  type?: string;
  autocomplete: string;
  required?: boolean;
  hint?: string;
}

/** A field's problem in the page's language. */
function problemText(ctx: Pick<PageContext, 't'>, errors: FormErrors, name: DetailsField): string | undefined {
  const problem = errors[name];
  return problem ? ctx.t(`details.error.${problem.code}`, problem.values) : undefined;
}

function Field({ ctx, name, label, input, errors, type = 'text', autocomplete, required = true, hint }: FieldProps) {
  const error = problemText(ctx, errors, name);
  const id = `field-${name}`;
  return (
    <div class="form-field">
      <label for={id}>
        {label}
        {required ? '' : ctx.t('details.optional')}
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

export function CheckoutDetailsFields({
  ctx,
  order,
  phone,
  input,
  errors,
}: {
  ctx: PageContext;
  order: Order;
  phone: PhoneRule;
  input: FormInput;
  errors: FormErrors;
}) {
  const common = { ctx, input, errors };
  const japan = order.shipTo === 'JP';
  const chosen = input.shipping_option ?? order.shippingOptions[0]?.id;
  return (
    <>
      <fieldset class="form-group">
        <legend>{ctx.t('order.contact')}</legend>
        <Field
          name="email"
          label={ctx.t('order.email')}
          type="email"
          autocomplete="email"
          hint={ctx.t('details.emailHint')}
          {...common}
        />
        <Field name="name" label={ctx.t('details.fullName')} autocomplete="name" {...common} />
        {phone === 'off' ? null : (
          <Field
            name="phone"
            label={ctx.t('order.phone')}
            type="tel"
            autocomplete="tel"
            required={phone === 'required'}
            {...common}
          />
        )}
      </fieldset>
      {order.shippingRequired && order.shipTo ? (
        <>
          <fieldset class="form-group">
            <legend>{ctx.t('details.deliveryAddress')}</legend>
            <div class="form-field">
              <label for="field-country">{ctx.t('details.country')}</label>
              <select id="field-country" name="country" autocomplete="country">
                <option value={order.shipTo} selected>
                  {countryName(order.shipTo, ctx.lang) ?? order.shipTo}
                </option>
              </select>
              {errors.country ? <span class="form-field__error">{problemText(ctx, errors, 'country')}</span> : null}
            </div>
            <Field
              name="postal_code"
              label={ctx.t('details.postalCode')}
              autocomplete="postal-code"
              hint={japan ? ctx.t('details.postalHintJp') : undefined}
              {...common}
            />
            <Field
              name="state"
              label={japan ? ctx.t('details.prefecture') : ctx.t('details.state')}
              autocomplete="address-level1"
              required={japan}
              {...common}
            />
            <Field
              name="city"
              label={japan ? ctx.t('details.cityJp') : ctx.t('details.city')}
              autocomplete="address-level2"
              {...common}
            />
            <Field
              name="line1"
              label={ctx.t('details.line1')}
              autocomplete="address-line1"
              hint={japan ? ctx.t('details.line1HintJp') : undefined}
              {...common}
            />
            <Field
              name="line2"
              label={ctx.t('details.line2')}
              autocomplete="address-line2"
              required={false}
              {...common}
            />
          </fieldset>
          <fieldset class="form-group">
            <legend>{ctx.t('order.shipping')}</legend>
            {order.shippingOptions.map((option) => (
              <label class="shipping-option">
                <input type="radio" name="shipping_option" value={option.id} checked={option.id === chosen} required />
                <span>
                  <strong>{option.name}</strong> ·{' '}
                  {option.amount === 0 ? ctx.t('order.shipping.free') : ctx.formatPrice(option.amount, order.currency)}
                  <br />
                  <small>{ctx.t('details.businessDays', { minDays: option.minDays, maxDays: option.maxDays })}</small>
                </span>
              </label>
            ))}
            {errors.shipping_option ? (
              <span class="form-field__error">{problemText(ctx, errors, 'shipping_option')}</span>
            ) : null}
          </fieldset>
        </>
      ) : null}
    </>
  );
}
