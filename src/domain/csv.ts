// CSV text → rows of fields (RFC 4180 quoting), the one tokenizer behind every CSV we read:
// imported layouts, planner rosters and round histories. Each row remembers the line it starts on.
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A CSV problem on one line. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
}

export interface CsvOptions {
  /** Text without a line break (a one-liner typed in chat) may separate its rows with semicolons. */
  readonly semicolonRows?: boolean;
}

/**
 * Split CSV text into rows of fields, remembering the line each row starts on; blank lines are
 * skipped, a byte-order mark is dropped. Throws CsvError (naming the line) on an unclosed quote.
 */
export function csvRows(text: string, options: CsvOptions = {}): CsvRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rowBreak = options.semicolonRows && !/[\r\n]/.test(body) ? ';' : undefined;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let content = false;
  const endRow = () => {
    fields.push(field);
    if (content || field.trim() !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    content = false;
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
      content = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      content = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else if (ch === rowBreak) {
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      if (ch.trim() !== '') content = true;
    }
  }
  if (quoted) throw new CsvError(`line ${rowLine}: a quoted field is never closed (a " is missing).`);
  endRow();
  return rows;
}
