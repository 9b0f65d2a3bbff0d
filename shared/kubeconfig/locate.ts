/**
 * Finds where a node sits in a kubeconfig's text, for error messages only: the parsed
 * document keeps each node's source range, so only a failing file pays for the walk.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { positionAt } from './goyaml';
import type { Position } from './model';

/** Keys and list indexes from the document root, e.g. ['users', 2, 'user', 'exec', 'args']. */
export type FieldPath = readonly (string | number)[];

function child(document: Document.Parsed, node: unknown, segment: string | number): unknown {
  const target = isAlias(node) ? node.resolve(document) : node;
  if (isMap(target)) {
    // With repeated keys the last one wins, as in go-yaml.
    let found: unknown;
    for (const pair of target.items) {
      if (isScalar(pair.key) && String(pair.key.value) === String(segment)) found = pair.value ?? pair.key;
    }
    return found;
  }
  if (isSeq(target) && typeof segment === 'number') return target.items[segment];
  return undefined;
}

/** The position of the node at `path`, or of its deepest ancestor present in the text. */
export function locatePath(document: Document.Parsed, text: string, path: FieldPath): Position | undefined {
  let found: unknown = document.contents;
  for (const segment of path) {
    const next = child(document, found, segment);
    if (next === undefined) break;
    found = next;
  }
  const offset = (found as Node | null)?.range?.[0];
  return offset === undefined ? undefined : positionAt(text, offset);
}
