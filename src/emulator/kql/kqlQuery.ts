/**
 * The subset of Kusto (KQL) that our Resource Graph queries use, parsed and run
 * over plain rows. Anything outside the subset is refused with a clear error,
 * so a query that the simulator would get wrong never silently returns rows.
 *
 * Subset: `Resources` (or `resources`) followed by `| where <expr>`,
 * `| project a, b = <expr>`, `| extend b = <expr>`, `| order by <path> [asc|desc]`,
 * `| take N` / `| limit N`, `| summarize a = count(), b = min(<expr>), c = max(<expr>) by k = <expr>, …`
 * (aggregates of `todatetime()` come back as ISO strings, as Resource Graph returns datetimes). Expressions: `and`, `or`, `not(...)`, comparisons
 * `==` `!=` (case-sensitive), `=~` `!~` (case-insensitive), `<` `<=` `>` `>=`
 * (numbers and `todatetime()` values only), `contains`
 * `!contains` `has` `startswith` (case-insensitive), `in (...)` `in~ (...)`,
 * functions `tostring`, `tolower`, `toupper`, `toint`, `tolong`, `todatetime`, `isnull`,
 * `isnotnull`, `isempty`, `isnotempty`, paths `a.b['c']`, string, number and
 * boolean literals. As in Resource Graph, `tags['x']` is an exact, case-sensitive
 * key lookup.
 */

export type Row = Record<string, unknown>;

type Expr =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'path'; readonly segments: readonly string[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly operand: Expr };

type Operator =
  | { readonly kind: 'where'; readonly predicate: Expr }
  | { readonly kind: 'project' | 'extend'; readonly columns: readonly { name: string; expr: Expr }[] }
  | { readonly kind: 'order'; readonly path: Expr; readonly descending: boolean }
  | { readonly kind: 'take'; readonly count: number }
  | {
      readonly kind: 'summarize';
      readonly aggregates: readonly { name: string; fn: Aggregate; expr?: Expr }[];
      readonly by: readonly { name: string; expr: Expr }[];
    };

type Aggregate = 'count' | 'min' | 'max';
const AGGREGATES = new Set<string>(['count', 'min', 'max']);

export class KqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KqlError';
  }
}

// ---- tokens ------------------------------------------------------------------

type Token = { readonly type: 'word' | 'string' | 'number' | 'symbol'; readonly text: string };

const SYMBOLS = ['==', '!=', '=~', '!~', '<=', '>=', '<', '>', '|', ',', '(', ')', '[', ']', '.', '='];

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < query.length && query.charAt(j) !== ch) {
        if (query.charAt(j) === '\\' && j + 1 < query.length) j++;
        text += query.charAt(j);
        j++;
      }
      if (j >= query.length) throw new KqlError(`Unterminated string starting at position ${i}.`);
      tokens.push({ type: 'string', text });
      i = j + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(query.slice(i));
    if (number !== null) {
      tokens.push({ type: 'number', text: number[0] });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*~?/.exec(query.slice(i));
    if (word !== null) {
      // `!contains`, `in~` and friends are words with punctuation in KQL.
      tokens.push({ type: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    if (ch === '!' && /^!(contains|has|in|startswith)\b/.test(query.slice(i))) {
      const negated = /^!\w+~?/.exec(query.slice(i))?.[0] ?? '!';
      tokens.push({ type: 'word', text: negated });
      i += negated.length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => query.startsWith(s, i));
    if (symbol === undefined) throw new KqlError(`Unexpected character '${ch}' at position ${i}.`);
    tokens.push({ type: 'symbol', text: symbol });
    i += symbol.length;
  }
  return tokens;
}

// ---- parser --------------------------------------------------------------------

const COMPARISONS = new Set([
  '==',
  '!=',
  '=~',
  '!~',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  '!contains',
  'has',
  '!has',
  'startswith',
  'in',
  'in~',
  '!in',
]);
const FUNCTIONS = new Set([
  'tostring',
  'tolower',
  'toupper',
  'toint',
  'tolong',
  'todatetime',
  'isnull',
  'isnotnull',
  'isempty',
  'isnotempty',
]);

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseQuery(): Operator[] {
    const table = this.next();
    if (table?.type !== 'word' || table.text.toLowerCase() !== 'resources') {
      throw new KqlError(`The simulator queries only the Resources table, not '${table?.text ?? ''}'.`);
    }
    const operators: Operator[] = [];
    while (this.peek() !== undefined) {
      this.expect('|');
      operators.push(this.parseOperator());
    }
    return operators;
  }

  private parseOperator(): Operator {
    const name = this.next();
    switch (name?.text.toLowerCase()) {
      case 'where':
        return { kind: 'where', predicate: this.parseExpr() };
      case 'project':
      case 'extend':
        return { kind: name.text.toLowerCase() as 'project' | 'extend', columns: this.parseColumns() };
      case 'order':
      case 'sort': {
        this.expectWord('by');
        const path = this.parsePrimary();
        const direction = this.peek()?.text.toLowerCase();
        if (direction === 'asc' || direction === 'desc') this.position++;
        return { kind: 'order', path, descending: direction === 'desc' };
      }
      case 'take':
      case 'limit': {
        const count = this.next();
        if (count?.type !== 'number') throw new KqlError(`'${name.text}' needs a number.`);
        return { kind: 'take', count: Number(count.text) };
      }
      case 'summarize':
        return this.parseSummarize();
      default:
        throw new KqlError(`The simulator does not support the KQL operator '${name?.text ?? ''}'.`);
    }
  }

  private parseSummarize(): Operator {
    const aggregates: { name: string; fn: Aggregate; expr?: Expr }[] = [];
    do {
      const start = this.position;
      const first = this.next();
      let name: string | undefined;
      if (first?.type === 'word' && this.peek()?.text === '=') {
        this.position++;
        name = first.text;
      } else {
        this.position = start;
      }
      const fn = this.next();
      const fnName = fn?.text.toLowerCase() ?? '';
      if (fn?.type !== 'word' || !AGGREGATES.has(fnName) || this.peek()?.text !== '(') {
        throw new KqlError(
          `The simulator's summarize supports count(), min(x) and max(x), not '${fn?.text ?? 'the end'}'.`,
        );
      }
      this.expect('(');
      const expr = this.accept(')') ? undefined : this.parseExpr();
      if (expr !== undefined) this.expect(')');
      if ((fnName === 'count') !== (expr === undefined))
        throw new KqlError(`${fnName}() takes ${fnName === 'count' ? 'no' : 'one'} argument.`);
      aggregates.push({
        name: name ?? (fnName === 'count' ? 'count_' : `${fnName}_`),
        fn: fnName as Aggregate,
        ...(expr === undefined ? {} : { expr }),
      });
    } while (this.accept(','));
    const by = this.acceptWord('by') ? this.parseColumns() : [];
    return { kind: 'summarize', aggregates, by };
  }

  private parseColumns(): { name: string; expr: Expr }[] {
    const columns: { name: string; expr: Expr }[] = [];
    do {
      const start = this.position;
      const first = this.next();
      if (first?.type === 'word' && this.peek()?.text === '=') {
        this.position++;
        columns.push({ name: first.text, expr: this.parseExpr() });
      } else {
        this.position = start;
        const expr = this.parseExpr();
        if (expr.kind !== 'path') throw new KqlError('A computed column needs a name: `name = expression`.');
        columns.push({ name: expr.segments[expr.segments.length - 1] ?? '', expr });
      }
    } while (this.accept(','));
    return columns;
  }

  private parseExpr(): Expr {
    let left = this.parseAnd();
    while (this.acceptWord('or')) left = { kind: 'binary', op: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseComparison();
    while (this.acceptWord('and')) left = { kind: 'binary', op: 'and', left, right: this.parseComparison() };
    return left;
  }

  private parseComparison(): Expr {
    const left = this.parsePrimary();
    const op = this.peek();
    if (op !== undefined && COMPARISONS.has(op.text.toLowerCase())) {
      this.position++;
      const opText = op.text.toLowerCase();
      const right =
        opText === 'in' || opText === 'in~' || opText === '!in' ? this.parseList() : this.parsePrimary();
      return { kind: 'binary', op: opText, left, right };
    }
    return left;
  }

  private parseList(): Expr {
    this.expect('(');
    const items: Expr[] = [];
    if (!this.accept(')')) {
      do items.push(this.parsePrimary());
      while (this.accept(','));
      this.expect(')');
    }
    return { kind: 'list', items };
  }

  private parsePrimary(): Expr {
    const token = this.next();
    if (token === undefined) throw new KqlError('The query ends in the middle of an expression.');
    if (token.type === 'string') return { kind: 'literal', value: token.text };
    if (token.type === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.text === '(') {
      const inner = this.parseExpr();
      this.expect(')');
      return inner;
    }
    if (token.type !== 'word') throw new KqlError(`Unexpected '${token.text}'.`);
    const word = token.text;
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'not' && this.peek()?.text === '(') {
      this.expect('(');
      const operand = this.parseExpr();
      this.expect(')');
      return { kind: 'not', operand };
    }
    if (this.peek()?.text === '(') {
      if (!FUNCTIONS.has(word.toLowerCase()))
        throw new KqlError(`The simulator does not support the KQL function '${word}'.`);
      this.expect('(');
      const args: Expr[] = [];
      if (!this.accept(')')) {
        do args.push(this.parseExpr());
        while (this.accept(','));
        this.expect(')');
      }
      return { kind: 'call', name: word.toLowerCase(), args };
    }
    const segments = [word];
    for (;;) {
      if (this.accept('.')) {
        const part = this.next();
        if (part?.type !== 'word') throw new KqlError(`Expected a property name after '.'.`);
        segments.push(part.text);
      } else if (this.accept('[')) {
        const key = this.next();
        if (key?.type !== 'string') throw new KqlError(`Expected a quoted key inside [ ].`);
        segments.push(key.text);
        this.expect(']');
      } else {
        return { kind: 'path', segments };
      }
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  private accept(symbol: string): boolean {
    if (this.peek()?.text !== symbol) return false;
    this.position++;
    return true;
  }

  private acceptWord(word: string): boolean {
    if (this.peek()?.type !== 'word' || this.peek()?.text.toLowerCase() !== word) return false;
    this.position++;
    return true;
  }

  private expect(symbol: string): void {
    if (!this.accept(symbol))
      throw new KqlError(`Expected '${symbol}' but found '${this.peek()?.text ?? 'the end'}'.`);
  }

  private expectWord(word: string): void {
    if (!this.acceptWord(word))
      throw new KqlError(`Expected '${word}' but found '${this.peek()?.text ?? 'the end'}'.`);
  }
}

// ---- evaluation --------------------------------------------------------------------

const asText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

function evaluate(expr: Expr, row: Row): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'list':
      return expr.items.map((item) => evaluate(item, row));
    case 'not':
      return !truthy(evaluate(expr.operand, row));
    case 'path': {
      // Column names are case-sensitive in KQL; so are dynamic keys such as tags['x'].
      let value: unknown = row;
      for (const segment of expr.segments) {
        value = typeof value === 'object' && value !== null ? (value as Row)[segment] : undefined;
      }
      return value;
    }
    case 'call':
      return callFunction(
        expr.name,
        expr.args.map((arg) => evaluate(arg, row)),
      );
    case 'binary':
      return compare(expr.op, expr, row);
  }
}

function callFunction(name: string, args: unknown[]): unknown {
  const [value] = args;
  switch (name) {
    case 'tostring':
      return asText(value);
    case 'tolower':
      return asText(value).toLowerCase();
    case 'toupper':
      return asText(value).toUpperCase();
    case 'toint':
    case 'tolong': {
      const number = Number(asText(value));
      return Number.isFinite(number) ? Math.trunc(number) : null;
    }
    case 'todatetime': {
      // Represented as epoch milliseconds, so comparisons are numeric; null when unparsable.
      const ms = Date.parse(asText(value));
      return Number.isNaN(ms) ? null : ms;
    }
    case 'isnull':
      return value === null || value === undefined;
    case 'isnotnull':
      return value !== null && value !== undefined;
    case 'isempty':
      return asText(value) === '';
    case 'isnotempty':
      return asText(value) !== '';
    default:
      throw new KqlError(`Unknown function '${name}'.`);
  }
}

function compare(op: string, expr: Expr & { kind: 'binary' }, row: Row): boolean {
  if (op === 'and') return truthy(evaluate(expr.left, row)) && truthy(evaluate(expr.right, row));
  if (op === 'or') return truthy(evaluate(expr.left, row)) || truthy(evaluate(expr.right, row));
  const left = evaluate(expr.left, row);
  const right = evaluate(expr.right, row);
  const l = asText(left);
  switch (op) {
    case '==':
      return typeof left === 'number' || typeof right === 'number'
        ? Number(left) === Number(right)
        : l === asText(right);
    case '!=':
      return l !== asText(right);
    case '=~':
      return l.toLowerCase() === asText(right).toLowerCase();
    case '!~':
      return l.toLowerCase() !== asText(right).toLowerCase();
    case '<':
    case '<=':
    case '>':
    case '>=': {
      // Only numbers (and todatetime() values) are ordered, as in Kusto; anything else is false.
      if (typeof left !== 'number' || typeof right !== 'number') return false;
      return op === '<'
        ? left < right
        : op === '<='
          ? left <= right
          : op === '>'
            ? left > right
            : left >= right;
    }
    case 'contains':
      return l.toLowerCase().includes(asText(right).toLowerCase());
    case '!contains':
      return !l.toLowerCase().includes(asText(right).toLowerCase());
    case 'has':
      return l
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .includes(asText(right).toLowerCase());
    case '!has':
      return !l
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .includes(asText(right).toLowerCase());
    case 'startswith':
      return l.toLowerCase().startsWith(asText(right).toLowerCase());
    case 'in':
      return listSet(expr.right, right, false).has(l);
    case '!in':
      return !listSet(expr.right, right, false).has(l);
    case 'in~':
      return listSet(expr.right, right, true).has(l.toLowerCase());
    default:
      throw new KqlError(`Unknown operator '${op}'.`);
  }
}

/** A literal `in (…)` list as a set, made once per query rather than scanned per row. */
const listSets = new WeakMap<Expr, { exact: Set<string>; folded: Set<string> }>();
function listSet(expr: Expr, items: unknown, folded: boolean): Set<string> {
  let sets = listSets.get(expr);
  if (sets === undefined) {
    const texts = (items as unknown[]).map(asText);
    sets = { exact: new Set(texts), folded: new Set(texts.map((t) => t.toLowerCase())) };
    listSets.set(expr, sets);
  }
  return folded ? sets.folded : sets.exact;
}

function summarize(operator: Operator & { kind: 'summarize' }, rows: readonly Row[]): Row[] {
  const groups = new Map<string, { keys: Row; values: unknown[][] }>();
  for (const row of rows) {
    const keys = Object.fromEntries(operator.by.map((c) => [c.name, evaluate(c.expr, row) ?? null]));
    const id = JSON.stringify(operator.by.map((c) => keys[c.name]));
    let group = groups.get(id);
    if (group === undefined) {
      group = { keys, values: operator.aggregates.map(() => []) };
      groups.set(id, group);
    }
    for (const [index, aggregate] of operator.aggregates.entries()) {
      const value = aggregate.expr === undefined ? 1 : evaluate(aggregate.expr, row);
      if (value !== null && value !== undefined) group.values[index]?.push(value);
    }
  }
  // Kusto: no `by` and no rows still gives one row (count 0).
  if (groups.size === 0 && operator.by.length === 0)
    groups.set('', { keys: {}, values: operator.aggregates.map(() => []) });
  return [...groups.values()].map(({ keys, values }) => {
    const row: Row = { ...keys };
    for (const [index, aggregate] of operator.aggregates.entries()) {
      const list = values[index] ?? [];
      if (aggregate.fn === 'count') {
        row[aggregate.name] = list.length;
        continue;
      }
      const before = (a: unknown, b: unknown) =>
        typeof a === 'number' && typeof b === 'number' ? a < b : asText(a) < asText(b);
      let pick: unknown = list[0];
      for (const value of list) {
        if (aggregate.fn === 'min' ? before(value, pick) : before(pick, value)) pick = value;
      }
      const isDate = aggregate.expr?.kind === 'call' && aggregate.expr.name === 'todatetime';
      row[aggregate.name] =
        list.length === 0 ? null : isDate ? new Date(pick as number).toISOString() : (pick ?? null);
    }
    return row;
  });
}

function truthy(value: unknown): boolean {
  return value === true;
}

export interface ParsedQuery {
  run(rows: readonly Row[]): Row[];
}

export function parseKql(query: string): ParsedQuery {
  const operators = new Parser(tokenize(query)).parseQuery();
  return {
    run(rows) {
      let current: Row[] = [...rows];
      for (const operator of operators) {
        switch (operator.kind) {
          case 'where':
            current = current.filter((row) => truthy(evaluate(operator.predicate, row)));
            break;
          case 'project':
            current = current.map((row) =>
              Object.fromEntries(operator.columns.map((c) => [c.name, evaluate(c.expr, row) ?? null])),
            );
            break;
          case 'extend':
            current = current.map((row) => ({
              ...row,
              ...Object.fromEntries(operator.columns.map((c) => [c.name, evaluate(c.expr, row) ?? null])),
            }));
            break;
          case 'order': {
            const sign = operator.descending ? -1 : 1;
            current = current
              .map((row) => ({ row, key: asText(evaluate(operator.path, row)) }))
              .sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : 0))
              .map(({ row }) => row);
            break;
          }
          case 'take':
            current = current.slice(0, operator.count);
            break;
          case 'summarize':
            current = summarize(operator, current);
            break;
        }
      }
      return current;
    },
  };
}
