/**
 * A decoder for the Thrift compact protocol, enough to read Parquet footers. Structs decode to
 * maps from field id to value; callers pick the fields they know and ignore the rest, so newer
 * footer fields never break reading. i64 values come back as numbers: footer sizes and offsets
 * stay far below 2^53.
 */
export type ThriftValue = number | boolean | Uint8Array | ThriftValue[] | ThriftStruct;
export type ThriftStruct = Map<number, ThriftValue>;

// biome-ignore lint/suspicious/noConstEnum: module-private, so tsc inlines the members into the decoding loop.
const enum CompactType {
  Stop = 0,
  True = 1,
  False = 2,
  Byte = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  Double = 7,
  Binary = 8,
  List = 9,
  Set = 10,
  Map = 11,
  Struct = 12,
}

/** Thrown on malformed input; the footer reader turns it into a ParquetFormatError. */
export class ThriftDecodeError extends Error {}

const MAX_DEPTH = 64;

export class ThriftCompactReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  readStruct(depth = 0): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftDecodeError("structs nested too deeply");
    const out: ThriftStruct = new Map();
    let lastId = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === CompactType.Stop) return out;
      const delta = header >> 4;
      const id = delta === 0 ? this.zigzag(this.varint()) : lastId + delta;
      lastId = id;
      out.set(id, type === CompactType.True ? true : type === CompactType.False ? false : this.value(type, depth));
    }
  }

  private value(type: number, depth: number): ThriftValue {
    switch (type) {
      case CompactType.True:
      case CompactType.False:
        // Inside lists booleans are one byte each.
        return this.byte() === CompactType.True;
      case CompactType.Byte:
        return (this.byte() << 24) >> 24;
      case CompactType.I16:
      case CompactType.I32:
      case CompactType.I64:
        return this.zigzag(this.varint());
      case CompactType.Double: {
        this.need(8);
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case CompactType.Binary: {
        const length = this.varint();
        this.need(length);
        const v = this.bytes.subarray(this.pos, this.pos + length);
        this.pos += length;
        return v;
      }
      case CompactType.List:
      case CompactType.Set: {
        const header = this.byte();
        const size = header >> 4 === 15 ? this.varint() : header >> 4;
        const elementType = header & 0x0f;
        if (size > this.bytes.length - this.pos) throw new ThriftDecodeError(`list of ${size} elements overruns the footer`);
        const out: ThriftValue[] = [];
        for (let i = 0; i < size; i++) out.push(this.value(elementType, depth + 1));
        return out;
      }
      case CompactType.Map: {
        const size = this.varint();
        if (size === 0) return [];
        const types = this.byte();
        const out: ThriftValue[] = [];
        for (let i = 0; i < size; i++) out.push([this.value(types >> 4, depth + 1), this.value(types & 0x0f, depth + 1)]);
        return out;
      }
      case CompactType.Struct:
        return this.readStruct(depth + 1);
      default:
        throw new ThriftDecodeError(`unknown field type ${type} at byte ${this.pos}`);
    }
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  private varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ThriftDecodeError("varint longer than 10 bytes");
  }

  private zigzag(n: number): number {
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new ThriftDecodeError(`footer ends early (needed ${n} bytes at offset ${this.pos} of ${this.bytes.length})`);
  }
}
