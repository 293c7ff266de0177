/**
 * A sync's column mapping: per source column, whether it is copied, under which destination name
 * and as which destination type. A leaf module (the API's schemas mirror it). Columns the mapping
 * does not name are copied as they are.
 */
export interface ColumnMapping {
  /** The source column's name. */
  source: string;
  /** `false` leaves the column out (a merge key or cursor cannot be left out). */
  include: boolean;
  /** The destination column's name; absent/null = the source's. */
  name?: string | null | undefined;
  /**
   * The destination type, in the destination dialect's spelling (`varchar(64)`), for a table
   * PipeCraft creates: refused when the source's values cannot be written into it, listed as
   * lossy (with the reason) when it differs from the type PipeCraft would choose.
   */
  type?: string | null | undefined;
}
