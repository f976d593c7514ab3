/** A least-recently-used cache bounded by the total bytes of its values. */
export class ByteLru {
  private readonly entries = new Map<string, Uint8Array>();
  private size = 0;

  constructor(readonly maxBytes: number) {}

  /** The cached bytes for `key`, marking it recently used. */
  get(key: string): Uint8Array | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value`, evicting the least recently used entries past the byte budget. */
  set(key: string, value: Uint8Array): void {
    if (value.byteLength > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.size -= old.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.size += value.byteLength;
    for (const [k, v] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(k);
      this.size -= v.byteLength;
    }
  }

  get bytes(): number {
    return this.size;
  }

  get count(): number {
    return this.entries.size;
  }
}
