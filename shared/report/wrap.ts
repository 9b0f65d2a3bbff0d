/**
 * Wrapping the text report at the terminal's width. Hand-written: the wrappers in the tree
 * (wrap-ansi, word-wrap) are transitive dependencies without types, and the report needs less
 * than they do: words are only ever broken at spaces (a long URL or path stays whole, so it can
 * still be copied), and colour codes wrap whole words, so they never count towards the width.
 * Widths count UTF-16 code units; kubeconfig names and messages are almost always ASCII.
 */
import { stripVTControlCharacters } from 'node:util';

function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}

/**
 * `line` in lines of at most `width` columns where spaces allow, continued under `hang` spaces of
 * indentation (the line's own indentation when not given).
 */
export function wrapLine(line: string, width: number, hang?: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const indent = /^ */.exec(line)?.[0] ?? '';
  const continuation = ' '.repeat(hang ?? indent.length);
  const words = line.slice(indent.length).split(' ');
  const out: string[] = [];
  let current = indent;
  let empty = true;
  for (const word of words) {
    if (!empty && visibleLength(current) + 1 + visibleLength(word) > width) {
      out.push(current);
      current = continuation;
      empty = true;
    }
    current += empty ? word : ` ${word}`;
    empty = false;
  }
  out.push(current);
  return out;
}
