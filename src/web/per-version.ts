/** A value read once per catalog version (the header's collections): the last good one is kept if a read fails. */
export function perCatalogVersion<T>(version: () => number, read: () => Promise<T>): () => Promise<T> {
  let cached: { version: number; value: Promise<T> } | undefined;
  let lastGood: T | undefined;
  return () => {
    const current = version();
    if (!cached || cached.version !== current) {
      const value = read().then((result) => (lastGood = result));
      cached = { version: current, value };
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return lastGood === undefined ? cached.value : cached.value.catch(() => lastGood as T);
  };
}
