/**
 * Splits CSV text (RFC 4180: fields separated by `delimiter`, records by LF or CRLF, fields in
 * double quotes may hold delimiters, quotes doubled, and newlines) into records, incrementally:
 * feed chunks, get the records completed so far. A field carries whether it was quoted, so an
 * empty quoted field ("") is an empty string while an empty unquoted one can mean null.
 */
/** One record: its fields (and whether each was quoted) and the line it starts on. */
export interface CsvRecord {
  readonly fields: { readonly value: string; readonly quoted: boolean }[];
  readonly line: number;
}

export class CsvRecords {
  private field = "";
  private quotedField = false;
  private record: { value: string; quoted: boolean }[] = [];
  private inQuotes = false;
  private pendingQuote = false;
  private pendingCr = false;
  line = 1;
  /** The line the record being read started on. */
  private recordLine = 1;

  constructor(private readonly delimiter: string) {}

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.inQuotes) {
        if (this.pendingQuote) {
          this.pendingQuote = false;
          if (c === '"') { this.field += '"'; continue; }
          this.inQuotes = false; // the quote closed the field; c is handled below
        } else if (c === '"') { this.pendingQuote = true; continue; }
        else { if (c === "\n") this.line++; this.field += c; continue; }
      }
      if (this.pendingCr && c !== "\n") { this.endRecord(out); this.recordLine = this.line; }
      this.pendingCr = false;
      if (c === '"' && this.field === "" && !this.quotedField) { this.inQuotes = true; this.quotedField = true; }
      else if (c === d) this.endField();
      else if (c === "\r") this.pendingCr = true;
      else if (c === "\n") { this.endRecord(out); this.line++; this.recordLine = this.line; }
      else this.field += c;
    }
    return out;
  }

  /** The last record, if the text did not end with a newline. */
  finish(): CsvRecord[] {
    if (this.pendingQuote) { this.pendingQuote = false; this.inQuotes = false; }
    if (this.inQuotes) throw new Error(`a quoted field opened on line ${this.recordLine} never closes`);
    const out: CsvRecord[] = [];
    if (this.field !== "" || this.quotedField || this.record.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.record.push({ value: this.field, quoted: this.quotedField });
    this.field = "";
    this.quotedField = false;
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    const r = this.record;
    this.record = [];
    // A blank line is no record.
    if (!(r.length === 1 && r[0]!.value === "" && !r[0]!.quoted)) out.push({ fields: r, line: this.recordLine });
  }
}
