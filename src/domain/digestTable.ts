/**
 * A hash table from a text's 96-bit digest to a 64-bit digest of another text,
 * a number and a few flags, held in typed arrays: about 60 bytes an entry
 * where a Map of strings to objects takes several hundred. Reconcile keeps one
 * entry per snapshot of ours, 300,000 at 10,000 disks kept 30 days. Open
 * addressing with linear probing; it doubles when half full. Entries are never
 * removed.
 *
 * Digests are SHA-256 of the lower-cased text. Two of 300,000 ids share 96
 * bits with a probability near 10^-18, and two texts compared through their
 * 64-bit digests match by chance near 10^-19 each time.
 */
import { createHash } from 'node:crypto';

/** SHA-256 of the lower-cased text, as 32-bit words (the first `words` of them). */
function digestWords(text: string, words: number): number[] {
  const hash = createHash('sha256').update(text.toLowerCase()).digest();
  return Array.from({ length: words }, (_, i) => hash.readUInt32LE(i * 4));
}

const KEY_WORDS = 3;
const VALUE_WORDS = 2;
const OCCUPIED = 1;

export class DigestTable {
  private capacity = 1024;
  private keys = new Uint32Array(this.capacity * KEY_WORDS);
  private values = new Uint32Array(this.capacity * VALUE_WORDS);
  private numbers = new Float64Array(this.capacity);
  /** Bit 0: occupied; the caller's flags above it. */
  private flags = new Uint8Array(this.capacity);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds or replaces the entry of `key`, keeping its flags. */
  set(key: string, value: string, num: number): void {
    if ((this.count + 1) * 2 > this.capacity) this.grow();
    const k = digestWords(key, KEY_WORDS);
    const slot = this.probe(k);
    if ((this.flags[slot] ?? 0) === 0) {
      this.count += 1;
      this.flags[slot] = OCCUPIED;
      this.keys.set(k, slot * KEY_WORDS);
    }
    this.values.set(digestWords(value, VALUE_WORDS), slot * VALUE_WORDS);
    this.numbers[slot] = num;
  }

  /** Whether `key` has an entry and `value` has the digest stored with it; the entry's number, if any. */
  lookup(
    key: string,
    value: string,
  ): { readonly found: boolean; readonly sameValue: boolean; readonly num: number } {
    const slot = this.probe(digestWords(key, KEY_WORDS));
    if ((this.flags[slot] ?? 0) === 0) return { found: false, sameValue: false, num: NaN };
    const v = digestWords(value, VALUE_WORDS);
    const sameValue = v.every((word, i) => this.values[slot * VALUE_WORDS + i] === word);
    return { found: true, sameValue, num: this.numbers[slot] ?? NaN };
  }

  /** Sets `flag` (a power of two from 2 to 128) on the entry of `key`; false when it has none. */
  addFlag(key: string, flag: number): boolean {
    const slot = this.probe(digestWords(key, KEY_WORDS));
    const current = this.flags[slot] ?? 0;
    if (current === 0) return false;
    this.flags[slot] = current | flag;
    return true;
  }

  /** The flags of `key`'s entry (without the occupied bit), or undefined when it has none. */
  flagsOf(key: string): number | undefined {
    const current = this.flags[this.probe(digestWords(key, KEY_WORDS))] ?? 0;
    return current === 0 ? undefined : current & ~OCCUPIED;
  }

  /** Counts the entries whose flags satisfy `test`. */
  countWhere(test: (flags: number) => boolean): number {
    let n = 0;
    for (const current of this.flags) if (current !== 0 && test(current & ~OCCUPIED)) n++;
    return n;
  }

  /** The slot holding `k`, or the empty slot where it would go. */
  private probe(k: readonly number[]): number {
    const mask = this.capacity - 1;
    for (let slot = (k[0] ?? 0) & mask; ; slot = (slot + 1) & mask) {
      if ((this.flags[slot] ?? 0) === 0) return slot;
      const at = slot * KEY_WORDS;
      if (this.keys[at] === k[0] && this.keys[at + 1] === k[1] && this.keys[at + 2] === k[2]) return slot;
    }
  }

  private grow(): void {
    const old = { keys: this.keys, values: this.values, numbers: this.numbers, flags: this.flags };
    this.capacity *= 2;
    this.keys = new Uint32Array(this.capacity * KEY_WORDS);
    this.values = new Uint32Array(this.capacity * VALUE_WORDS);
    this.numbers = new Float64Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    for (let from = 0; from < old.flags.length; from++) {
      const current = old.flags[from] ?? 0;
      if (current === 0) continue;
      const k = Array.from(old.keys.subarray(from * KEY_WORDS, (from + 1) * KEY_WORDS));
      const slot = this.probe(k);
      this.keys.set(k, slot * KEY_WORDS);
      this.values.set(old.values.subarray(from * VALUE_WORDS, (from + 1) * VALUE_WORDS), slot * VALUE_WORDS);
      this.numbers[slot] = old.numbers[from] ?? NaN;
      this.flags[slot] = current;
    }
  }
}
