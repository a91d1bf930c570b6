/**
 * The shape of the words the page hands the browser script (a JSON data block): one type for both programs, the
 * server that writes the block (views/client-messages.tsx) and the script that reads it (client/messages.ts).
 * Types only, so the browser bundle takes nothing from it.
 */
export interface ClientMessages {
  added: string;
  /** Per plural category: "Added {name} to your cart. {count} items in your cart." */
  addedAnnounce: Record<string, string>;
  addFailed: string;
  notConfirmed: string;
  /** Per plural category: the header count's hidden label (" items"). */
  cartItems: Record<string, string>;
  suggestions: string;
  /** Per plural category: "{count} suggestions". */
  suggestionCount: Record<string, string>;
  collection: string;
  searchFor: string;
}
