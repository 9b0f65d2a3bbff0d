/**
 * Finds where a node sits in a kubeconfig's text, for error messages only: loading
 * keeps no positions, so a failing file is read a second time as js-yaml's event
 * stream, whose events carry source offsets (no second YAML library to load).
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import { resolvePlainScalar } from './goyaml';
import type { Position } from './model';

/** Keys and list indexes from the document root, e.g. ['users', 2, 'user', 'exec', 'args']. */
export type FieldPath = readonly (string | number)[];

function events(text: string): Event[] | undefined {
  try {
    return parseEvents(text, {});
  } catch {
    return undefined;
  }
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where a node's value starts: the opening quote of a quoted scalar, the first character otherwise. */
function offsetOf(event: Event): number | undefined {
  if (event.type === EVENT_ID.SCALAR) {
    const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
    return quoted ? event.valueStart - 1 : event.valueStart;
  }
  if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start;
  if (event.type === EVENT_ID.ALIAS) return event.anchorStart - 1;
  return undefined;
}

/** The index just past the node starting at `index`. */
function skip(list: Event[], index: number): number {
  let depth = 0;
  let i = index;
  do {
    const { type } = list[i] as Event;
    if (type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) depth++;
    else if (type === EVENT_ID.POP) depth--;
    i++;
  } while (depth > 0 && i < list.length);
  return i;
}

/** A mapping key as the loader stores it: plain scalars typed by the schema, then turned into text. */
function keyText(text: string, event: ScalarEvent): string {
  const value = getScalarValue(text, event);
  if (event.style !== SCALAR_STYLE.PLAIN || event.tagStart !== -1) return value;
  try {
    return String(resolvePlainScalar(value));
  } catch {
    return value;
  }
}

/** The node an alias at `index` points to: the last anchor of that name before it. */
function anchored(text: string, list: Event[], index: number): number | undefined {
  const alias = list[index] as Event;
  if (alias.type !== EVENT_ID.ALIAS) return index;
  const name = text.slice(alias.anchorStart, alias.anchorEnd);
  for (let i = index - 1; i >= 0; i--) {
    const event = list[i] as Event;
    if ('anchorStart' in event && event.type !== EVENT_ID.ALIAS && event.anchorStart !== -1) {
      if (text.slice(event.anchorStart, event.anchorEnd) === name) return i;
    }
  }
  return undefined;
}

function child(text: string, list: Event[], index: number, segment: string | number): number | undefined {
  const node = list[index] as Event;
  let i = index + 1;
  if (node.type === EVENT_ID.MAPPING) {
    // With repeated keys the last one wins, as in go-yaml.
    let found: number | undefined;
    while (i < list.length && (list[i] as Event).type !== EVENT_ID.POP) {
      const key = list[i] as Event;
      const value = skip(list, i);
      if (key.type === EVENT_ID.SCALAR && keyText(text, key) === String(segment)) found = value;
      i = skip(list, value);
    }
    return found;
  }
  if (node.type === EVENT_ID.SEQUENCE && typeof segment === 'number') {
    for (let n = 0; i < list.length && (list[i] as Event).type !== EVENT_ID.POP; n++) {
      if (n === segment) return i;
      i = skip(list, i);
    }
  }
  return undefined;
}

/** The position of the node at `path`, or of its deepest ancestor present in the text. */
export function locatePath(text: string, path: FieldPath): Position | undefined {
  const list = events(text);
  // list[0] opens the first document, list[1] is its root node.
  if (!list || list.length < 2 || list[1]?.type === EVENT_ID.POP) return undefined;
  let found = 1;
  for (const segment of path) {
    const node = anchored(text, list, found);
    const next = node === undefined ? undefined : child(text, list, node, segment);
    if (next === undefined) break;
    found = next;
  }
  const offset = offsetOf(list[found] as Event);
  return offset === undefined ? undefined : positionAt(text, offset);
}

/** The first `.inf`/`.nan` style scalar, which kubectl cannot turn into JSON. */
export function locateNonFiniteNumber(text: string): Position | undefined {
  for (const event of events(text) ?? []) {
    if (event.type !== EVENT_ID.SCALAR || event.style !== SCALAR_STYLE.PLAIN || event.tagStart !== -1) continue;
    try {
      resolvePlainScalar(getScalarValue(text, event));
    } catch {
      return positionAt(text, event.valueStart);
    }
  }
  return undefined;
}
