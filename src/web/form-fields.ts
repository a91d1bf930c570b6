/**
 * Bracketed form field names as themes send them (Rails/PHP style, what jQuery's `$.param` and Shopify's own forms
 * write): `items[0][id]=1` -> `{items: [{id: '1'}]}`, `properties[Engraving]=Kago` -> `{properties: {Engraving:
 * 'Kago'}}`, `updates[]=1&updates[]=0` -> `{updates: ['1', '0']}`. Records keyed by indexes become arrays in index
 * order; `updates[123]=2` stays a map (123 is a variant id). Field counts are bounded before this runs (body-limits.ts); names nest at most MAX_DEPTH deep.
 */

/** Deep enough for `items[0][properties][Name]`. */
const MAX_DEPTH = 4;

type Tree = { [name: string]: Value };
type Value = string | string[] | Tree | Value[];

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][]` -> ['a', 'b', '']; undefined when the name is not bracketed as a whole (kept as it is). */
function splitName(name: string): string[] | undefined {
  const open = name.indexOf('[');
  if (open <= 0 || !name.endsWith(']')) return undefined;
  const parts = [name.slice(0, open)];
  const rest = name.slice(open);
  const pattern = /\[([^[\]]*)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(rest)) !== null) {
    parts.push(match[1]!);
    consumed = pattern.lastIndex;
  }
  if (consumed !== rest.length || parts.length - 1 > MAX_DEPTH) return undefined;
  return parts;
}

const isIndex = (key: string) => /^(0|[1-9][0-9]{0,3})$/.test(key);

/** Objects of records keyed only by indexes -> arrays in index order (gaps closed), all the way down. */
function arrays(value: Value): Value {
  if (typeof value === 'string' || Array.isArray(value)) return Array.isArray(value) ? value.map(arrays) : value;
  const keys = Object.keys(value);
  const converted: Tree = Object.create(null) as Tree;
  for (const key of keys) converted[key] = arrays(value[key]!);
  // Only lists of records (`items[0][id]`): `updates[123]=2` names variant 123, not a position.
  const records = keys.every((key) => typeof value[key] === 'object' && !Array.isArray(value[key]));
  if (keys.length > 0 && records && keys.every(isIndex))
    return keys.sort((a, b) => Number(a) - Number(b)).map((key) => converted[key]!);
  return { ...converted };
}

/**
 * Fields as a form parser gives them (a repeated name holds an array) -> the nested shape. A body without any
 * bracketed name comes back as it was; a bracketed name that clashes with a plain one of the same root is dropped.
 */
export function expandBracketedFields(fields: unknown): unknown {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return fields;
  const entries = Object.entries(fields as Record<string, unknown>);
  if (!entries.some(([name]) => name.includes('['))) return fields;
  const tree: Tree = Object.create(null) as Tree;
  const plain: Record<string, unknown> = {};
  for (const [name, raw] of entries) {
    const path = splitName(name);
    if (!path || path.some((part) => FORBIDDEN.has(part))) {
      plain[name] = raw;
      continue;
    }
    const values = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    let node: Tree | undefined = tree;
    for (let depth = 0; node && depth < path.length - 1; depth++) {
      const part = path[depth]!;
      if (path[depth + 1] === '' && depth + 2 === path.length) {
        // `name[]`: every value, in order, appended.
        const list: Value | undefined = node[part];
        if (list === undefined || Array.isArray(list))
          node[part] = [...((list as Value[] | undefined) ?? []), ...values];
        node = undefined;
        break;
      }
      const child: Value | undefined = node[part];
      if (child === undefined) node[part] = Object.create(null) as Tree;
      // A name that clashes with one of another shape (`a=1&a[b]=2`) is dropped.
      node = typeof node[part] === 'object' && !Array.isArray(node[part]) ? (node[part] as Tree) : undefined;
    }
    const last = path[path.length - 1]!;
    if (node && last !== '' && node[last] === undefined) node[last] = values.length === 1 ? values[0]! : values;
  }
  const expanded = arrays(tree) as Record<string, unknown>;
  for (const [name, value] of Object.entries(plain)) if (!(name in expanded)) expanded[name] = value;
  return expanded;
}
