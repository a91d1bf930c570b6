/** The plain-text parts of the order mails: what every mail client shows, and what screen readers read. */
import type { OrderSummary } from './order-summary.js';

function linesAndTotals(summary: OrderSummary): string[] {
  return [
    ...summary.lines.map((line) => `  ${line.quantity} × ${line.name} (${line.unitPrice} each): ${line.total}`),
    '',
    ...summary.totals.map((row) => `${row.label}: ${row.value}`),
  ];
}

const addressBlock = (heading: string, address: string[] | null) => (address ? ['', heading, ...address.map((line) => `  ${line}`)] : []);

export function confirmationText(summary: OrderSummary): string {
  return [
    `Thank you for your order at ${summary.shopName}.`,
    '',
    summary.review
      ? 'We received your payment. The shop is checking it before your order is prepared.'
      : 'We received your payment and will get your order ready.',
    '',
    `Order number: ${summary.number}`,
    '',
    ...linesAndTotals(summary),
    ...addressBlock('Delivery address:', summary.address),
    '',
    `Your order: ${summary.url}`,
    ...(summary.shopEmail ? [`Questions? Reply to this mail or write to ${summary.shopEmail}.`] : []),
    '',
    `— ${summary.shopName}`,
    '',
  ].join('\n');
}

export function noticeText(summary: OrderSummary): string {
  const { contact } = summary;
  return [
    `New order ${summary.number} at ${summary.shopName}: ${summary.total}.`,
    ...(summary.review ? ['', 'CHECK THE PAYMENT: the amount or currency paid is not the order total. Do not ship before it is settled.'] : []),
    '',
    'Customer:',
    ...[contact.name, contact.email, contact.phone].filter((value): value is string => Boolean(value)).map((value) => `  ${value}`),
    ...addressBlock('Ship to:', summary.address),
    ...(summary.shippingName ? ['', `Shipping: ${summary.shippingName}`] : []),
    '',
    ...linesAndTotals(summary),
    '',
    `Order: ${summary.url}`,
    '',
  ].join('\n');
}
