/**
 * Finds where a node sits in a kubeconfig's text, for error messages only: js-yaml's
 * fast load keeps no positions, so a failing file is parsed a second time with the
 * `yaml` package, which does.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Position } from './model';

/** Keys and list indexes from the document root, e.g. ['users', 2, 'user', 'exec', 'args']. */
export type FieldPath = readonly (string | number)[];

function parse(text: string): { doc: Document.Parsed; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.1', uniqueKeys: false, merge: true, prettyErrors: false });
  return { doc, lineCounter };
}

function positionOf(node: Node | null | undefined, lineCounter: LineCounter): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function child(node: unknown, segment: string | number): Node | undefined {
  if (isMap(node)) {
    // With repeated keys the last one wins, as in go-yaml.
    const pair = node.items.findLast((p) => isScalar(p.key) && String(p.key.value) === String(segment));
    return (pair?.value as Node | null | undefined) ?? undefined;
  }
  if (isSeq(node) && typeof segment === 'number') return (node.items[segment] as Node | undefined) ?? undefined;
  return undefined;
}

/** The position of the node at `path`, or of its deepest ancestor present in the text. */
export function locatePath(text: string, path: FieldPath): Position | undefined {
  const { doc, lineCounter } = parse(text);
  let node: Node | null | undefined = doc.contents;
  let found = node;
  for (const segment of path) {
    const resolved: unknown = isAlias(node) ? node.resolve(doc) : node;
    node = child(resolved, segment);
    if (!node) break;
    found = node;
  }
  return positionOf(found, lineCounter);
}

/** The first `.inf`/`.nan` style scalar, which kubectl cannot turn into JSON. */
export function locateNonFiniteNumber(text: string): Position | undefined {
  const { doc, lineCounter } = parse(text);
  let found: Node | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return positionOf(found, lineCounter);
}
