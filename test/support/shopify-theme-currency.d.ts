/** Types for @shopify/theme-currency 4.1.1, which ships none: its one function as its README describes it. */
declare module '@shopify/theme-currency' {
  export function formatMoney(cents: number | string, format?: string): string;
}
