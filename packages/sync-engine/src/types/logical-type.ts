/**
 * The dialect-neutral middle of every type mapping: native → logical → native.
 *
 * Each dialect's type mapper parses its native spelling into one of these and prints one of these
 * back as its best native type. Values travel between reader and writer as {@link CellValue}s in
 * the canonical text form documented on each kind, so no value ever passes through a JS number.
 */
export type LogicalType =
  /** Integers. `bits` is the storage width; `unsigned` only comes from MySQL. */
  | {
      kind: 'int';
      bits: 8 | 16 | 24 | 32 | 64;
      unsigned: boolean;
      /** MySQL `tinyint(1)`, the spelling of BOOLEAN. */ booleanLike?: boolean;
    }
  /** Exact numbers. `precision` null means unconstrained (PostgreSQL `numeric`). Canonical: `-12.50`, `NaN`, `Infinity`, `-Infinity`. */
  | { kind: 'decimal'; precision: number | null; scale: number | null; unsigned?: boolean }
  /** IEEE floats. Canonical: the server's shortest exact text, `NaN`, `Infinity`, `-Infinity`. */
  | { kind: 'float'; bits: 32 | 64; unsigned?: boolean }
  /** Canonical: `t` / `f`. */
  | { kind: 'bool' }
  /** Character data. `length` null means unbounded; `fixed` for CHAR. `maxBytes` is MySQL's storage class limit (TINYTEXT = 255 …). */
  | { kind: 'text'; length: number | null; fixed: boolean; maxBytes?: number }
  /** Binary data; the cell is a Buffer. */
  | { kind: 'bytes'; length: number | null; fixed: boolean; maxBytes?: number }
  /** MySQL BIT(n); the cell is a Buffer (big-endian). */
  | { kind: 'bit'; length: number }
  /** Canonical: `YYYY-MM-DD`, optional ` BC`, `infinity`, `-infinity`, MySQL's `0000-00-00`. */
  | { kind: 'date' }
  /** Canonical: `[-]HH:MM:SS[.ffffff]` (MySQL TIME can exceed 24 h or be negative); with zone, PostgreSQL's `HH:MM:SS[.ffffff]+HH[:MM]`. */
  | { kind: 'time'; precision: number | null; withTimeZone: boolean }
  /**
   * Canonical: `YYYY-MM-DD HH:MM:SS[.ffffff]` (optional ` BC`, `infinity`, `-infinity`).
   * For `withTimeZone` the text is the instant in UTC, without an offset suffix.
   */
  | {
      kind: 'timestamp';
      precision: number | null;
      withTimeZone: boolean;
      /** MySQL TIMESTAMP: 1970–2038, stored as UTC. */ epochRange?: boolean;
    }
  /** MySQL YEAR. Canonical: `2024`. */
  | { kind: 'year' }
  /** PostgreSQL interval, in its `postgres` IntervalStyle text. */
  | { kind: 'interval' }
  /** Canonical: the JSON text. `binary` for jsonb. */
  | { kind: 'json'; binary: boolean }
  /** Canonical: lowercase 8-4-4-4-12. */
  | { kind: 'uuid' }
  /**
   * Canonical: the label. `typeName` is the PostgreSQL enum type (schema-qualified) when there is one.
   * `membersUnknown`: the catalog could not spell every member (MySQL prints a character beyond
   * U+FFFF in a member as `?`), so `values` must not be enforced or recreated.
   */
  | { kind: 'enum'; values: string[]; typeName?: { schema: string; name: string }; membersUnknown?: boolean }
  /** MySQL SET. Canonical: members joined by `,`. `membersUnknown` as for `enum`. */
  | { kind: 'set'; values: string[]; membersUnknown?: boolean }
  /** PostgreSQL arrays. Canonical: the PostgreSQL array literal (`{1,2,"a b"}`). */
  | { kind: 'array'; element: LogicalType; elementNative: string }
  /**
   * Spatial values. Canonical: WKT text (`POINT(1 2)`), prefixed `SRID=<n>;` when the SRID is not 0
   * (PostGIS's EWKT), so a geometry keeps its reference system on the way (decision 111).
   * `subtype` e.g. `point`, `polygon`, `geometry`.
   */
  | { kind: 'geometry'; subtype: string; srid: number | null }
  /** PostgreSQL tsvector; canonical is its text form. */
  | { kind: 'tsvector' }
  /** A type that has no neutral meaning (e.g. PostgreSQL `money`, `inet`); copied as its text form within one dialect only. */
  | {
      kind: 'native';
      dialect: string;
      nativeType: string;
      textual: boolean;
      /**
       * A type the user created (PostgreSQL composite, range or base type from CREATE TYPE): it need
       * not exist at the destination, so it travels as its text form (decision 112).
       */
      userDefined?: boolean;
    };

/** One cell as it travels from a reader to a writer: text, bytes, or SQL NULL. */
export type CellValue = string | Buffer | null;

/** A column of a source or destination table, as the engine sees it. */
export interface LogicalColumn {
  name: string;
  /** The type as the server spells it. */
  nativeType: string;
  logical: LogicalType;
  nullable: boolean;
  primaryKeyPosition: number | null;
  default: string | null;
  /** Set when the native type is a PostgreSQL domain: the domain's name, whose constraints are not carried over. */
  domain?: string;
  /**
   * Set for a generated column: its expression. Copied as plain values into a plain column (the
   * destination does not recompute it); a destination column that is generated cannot be written.
   */
  generated?: string;
}

/** The result of printing a logical type as a native one. */
export interface NativeMapping {
  nativeType: string;
  /** A CHECK the column gets (enum members; set members for an array). */
  checkValues?: { kind: 'in' | 'subset'; values: string[] };
  /** Why the native type cannot hold every value of the logical one; absent when lossless. */
  lossyReason?: string;
}
