/**
 * The watermark: where an incremental mode's next read starts. It is the composite position
 * `(cursor, key…)` of the last row a run applied, each value in the source's own canonical text
 * (as its reader produced it), so the next read compares it on the source server with SQL
 * parameters and never through a JS `Date` or `number`. docs/decisions/121-watermark-in-the-destination.md.
 *
 * A leaf module: the store and the API's schemas import the type through `@pipecraft/sync-engine/terms`.
 */
export interface Watermark {
  /** The cursor column's value of the last applied row, canonical text. */
  cursor: string;
  /** The key columns' values of that row, in key order, canonical text (the tiebreak for equal cursors). */
  key: string[];
}
