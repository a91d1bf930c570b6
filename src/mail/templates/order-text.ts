/** The plain-text parts of the order mails: what every mail client shows, and what screen readers read. */
import type { OrderSummary } from './order-summary.js';

function linesAndTotals(summary: OrderSummary): string[] {
  const { t } = summary;
  return [
    ...summary.lines.map(
      (line) =>
        `  ${t('mail.line', { quantity: line.quantity, name: line.name, unitPrice: line.unitPrice, total: line.total })}`,
    ),
    '',
    ...summary.totals.map((row) => t('mail.labelled', { label: row.label, value: row.value })),
  ];
}

const addressBlock = (heading: string, address: string[] | null) =>
  address ? ['', heading, ...address.map((line) => `  ${line}`)] : [];

/** "Order number: ..." and, when known, when it was placed. */
function numberAndTime(summary: OrderSummary): string[] {
  const { t } = summary;
  return [
    t('mail.orderNumber', { number: summary.number }),
    ...(summary.placed ? [t('mail.placed', { time: summary.placed })] : []),
  ];
}

export function confirmationText(summary: OrderSummary): string {
  const { t } = summary;
  return [
    t('mail.confirmation.thanks', { shop: summary.shopName }),
    '',
    summary.review ? t('mail.confirmation.review') : t('mail.confirmation.paid'),
    '',
    ...numberAndTime(summary),
    '',
    ...linesAndTotals(summary),
    ...addressBlock(t('mail.deliveryAddress'), summary.address),
    '',
    t('mail.yourOrder', { url: summary.url }),
    ...(summary.shopEmail ? [t('mail.questions', { email: summary.shopEmail })] : []),
    '',
    `— ${summary.shopName}`,
    '',
  ].join('\n');
}

export function noticeText(summary: OrderSummary): string {
  const { contact, t } = summary;
  return [
    t('mail.notice.heading', { number: summary.number, shop: summary.shopName, total: summary.total }),
    ...(summary.review ? ['', t('mail.notice.checkPaymentText')] : []),
    ...(summary.placed ? ['', t('mail.placed', { time: summary.placed })] : []),
    '',
    t('mail.notice.customer'),
    ...[contact.name, contact.email, contact.phone]
      .filter((value): value is string => Boolean(value))
      .map((value) => `  ${value}`),
    ...addressBlock(t('mail.notice.shipTo'), summary.address),
    ...(summary.shippingName ? ['', t('mail.notice.shipping', { name: summary.shippingName })] : []),
    '',
    ...linesAndTotals(summary),
    '',
    t('mail.notice.order', { url: summary.url }),
    '',
  ].join('\n');
}
