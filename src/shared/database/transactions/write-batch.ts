/** A statement whose result nobody reads: one INSERT, UPDATE or DELETE with its parameters `$1…$n`. */
export interface Write {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** Turns the failure of the statement that carried this write into a typed error; returns other errors unchanged. */
  readonly mapError?: (error: unknown) => unknown;
}

const PLACEHOLDER = /\$(\d+)/g;

/**
 * The writes of a write-only unit of work (`Transactions.runWriteOnly`), sent as one statement: each write becomes a
 * data-modifying CTE, its placeholders renumbered after the writes before it. One statement is atomic by itself, so
 * the unit needs neither BEGIN nor COMMIT: three round trips fewer than a transaction of two writes. Hand-written
 * because pg has no pipelining; the renumbering holds because our statements carry no `$` in literals.
 */
export class WriteBatch {
  private readonly writes: Write[] = [];

  add(write: Write): void {
    // PostgreSQL allows a data-modifying WITH only at the top level, so a write cannot bring its own.
    if (!/^\s*(INSERT|UPDATE|DELETE)\b/i.test(write.sql)) {
      throw new Error(
        `a write joins a write-only unit as one INSERT, UPDATE or DELETE, not: ${write.sql.slice(0, 60)}`,
      );
    }
    this.writes.push(write);
  }

  /** The one statement carrying every write, or null when the unit wrote nothing. */
  statement(): { readonly sql: string; readonly parameters: unknown[] } | null {
    if (this.writes.length === 0) return null;
    if (this.writes.length === 1) return { sql: this.writes[0].sql, parameters: [...this.writes[0].parameters] };
    const parameters: unknown[] = [];
    const parts = this.writes.map((write, index) => {
      const offset = parameters.length;
      parameters.push(...write.parameters);
      const sql = write.sql.replace(PLACEHOLDER, (_, position: string) => `$${Number(position) + offset}`);
      return `w${index} AS (${sql})`;
    });
    return { sql: `WITH ${parts.join(',\n')}\nSELECT 1`, parameters };
  }

  /** The failure of the statement as the first write that recognises it maps it. */
  explain(error: unknown): unknown {
    for (const write of this.writes) {
      const mapped = write.mapError?.(error) ?? error;
      if (mapped !== error) return mapped;
    }
    return error;
  }
}
