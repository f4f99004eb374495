/**
 * A child process for the "two windows" test: it tags quotes into one
 * document's sidecar through its own AnnotationStore, as a second VS Code
 * window would, and exits.
 *
 *   node tagWriter.js DOCUMENT FIRST COUNT
 *
 * It tags COUNT one-word quotes, words FIRST … FIRST+COUNT-1 of the document.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../../../src/core/anchoring/anchor';
import { AnnotationStore } from '../../../src/core/files/store';
import { nodeFiles } from '../../../src/node/nodeFiles';

/** The positions (code points) of the words of a text. */
export function wordSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const re = /[a-z]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

async function tagWriterMain(): Promise<void> {
  const [document, first, count] = process.argv.slice(2);
  const text = fs.readFileSync(document!, 'utf8');
  const words = wordSpans(text).slice(Number(first), Number(first) + Number(count));
  const store = new AnnotationStore(nodeFiles, (d) => path.join(path.dirname(d), 'actors.yaml'));
  for (const w of words) {
    await store.edit(document!, null, (sidecar) => {
      sidecar.addQuote({ id: `q-${process.pid}-${w.start}`, speaker: null, cue: null, direct: false, anchor: createAnchor(text, w.start, w.end) });
    });
  }
}

if (require.main === module) {
  tagWriterMain().catch((error: unknown) => {
    process.stderr.write(`tagWriter: ${String(error)}\n`);
    process.exit(1);
  });
}
