/**
 * Memoization keyed by long texts (base64 `*-data`, PEM). A Map hashes a string key in
 * full, ~1.5 ns a character: for thousands of 2 KB certificates and keys that costs
 * more than decoding them. This one hashes only the end of each text (the last bytes
 * of a signature or key, as good as unique) and tells texts whose ends collide apart
 * by comparing them in full.
 */

const TAIL = 64;

export class TextMemo<V> {
  private readonly buckets = new Map<string, { text: string; value: V }[]>();

  /** The value made for `text`, made now by `make` when there is none yet. */
  get(text: string, make: () => V): V {
    const key = text.length > TAIL ? text.slice(-TAIL) : text;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = [];
      this.buckets.set(key, bucket);
    }
    // Indexed: for...of allocates an iterator per lookup while the code is still interpreted.
    for (let i = 0; i < bucket.length; i++) {
      const entry = bucket[i] as { text: string; value: V };
      if (entry.text === text) return entry.value;
    }
    const value = make();
    bucket.push({ text, value });
    return value;
  }
}
