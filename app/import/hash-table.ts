/**
 * A compact open-addressing map from 53-bit key hashes to 32-bit value hashes, for "seen this key
 * before, with this content?" over millions of rows: 12 bytes a slot (a Map of numbers costs ~60
 * bytes an entry), grown by doubling at half load.
 */
export class HashSeen {
  private keys: Float64Array;
  private values: Uint32Array;
  private used = 0;

  constructor(capacity = 1 << 12) {
    this.keys = new Float64Array(capacity);
    this.values = new Uint32Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  /** The value stored for `key`, or undefined. Key 0 is reserved for an empty slot, so it is shifted. */
  get(key: number): number | undefined {
    const k = key + 1;
    const mask = this.keys.length - 1;
    for (let i = this.slot(k, mask); ; i = (i + 1) & mask) {
      const at = this.keys[i];
      if (at === 0) return undefined;
      if (at === k) return this.values[i];
    }
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    this.put(key + 1, value >>> 0);
  }

  private slot(k: number, mask: number): number {
    // The low 32 bits mixed with the high ones; keys are already hashes.
    return ((k >>> 0) ^ Math.floor(k / 4294967296)) & mask;
  }

  private put(k: number, value: number): void {
    const mask = this.keys.length - 1;
    for (let i = this.slot(k, mask); ; i = (i + 1) & mask) {
      const at = this.keys[i];
      if (at === 0) {
        this.keys[i] = k;
        this.values[i] = value;
        this.used++;
        return;
      }
      if (at === k) {
        this.values[i] = value;
        return;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Uint32Array(keys.length * 2);
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.put(keys[i], values[i]);
  }
}
