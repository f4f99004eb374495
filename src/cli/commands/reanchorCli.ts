/** `seed-annotator reanchor DIR [--dry-run] [--json]`: re-anchors the annotations of documents changed outside the editor. */

import { contentHash } from '../../core/anchoring/anchor';
import { verifyAnchors, type AnchorOutcome } from '../../core/anchoring/verify';
import type { Annotation, Sidecar } from '../../core/files/sidecar';
import { AnnotationStore } from '../../core/files/store';
import { stripBom } from '../../core/text/text';
import { relativePath, scanCorpus } from '../../node/diskCorpus';
import { nodeFiles } from '../../node/nodeFiles';
import { CLI_NAME, errorCode, plural, warnScanErrors, type CliCommand } from '../cliCommand';

const decoder = new TextDecoder('utf-8');

export const reanchorCli: CliCommand = {
  name: 'reanchor',
  synopsis: 'DIR [--dry-run] [--json]',
  help: [
    'Check every anchor against its document and',
    're-anchor those that moved (the editor\'s own',
    'code path). Confident moves are written to the',
    'sidecars; the rest are left for review. Exit 1',
    'when any annotation needs review.',
  ],
  options: {
    'dry-run': { type: 'boolean', help: 'report, write nothing.' },
    json: { type: 'boolean', help: 'one JSON line per annotation: {document, id, kind, status, confidence, start, end}.' },
  },
  async run({ dir, values, io }) {
    const dryRun = values['dry-run'] === true;
    const json = values.json === true;
    const corpus = await scanCorpus(dir);
    warnScanErrors(corpus.errors, corpus, io);
    const store = new AnnotationStore(nodeFiles, () => corpus.registryLocation);
    const totals = { exact: 0, moved: 0, review: 0, gone: 0 };
    let unreadable = 0;
    const entries = [...corpus.index.all()].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
    for (const entry of entries) {
      const document = relativePath(corpus, entry.location);
      const state = await store.sidecar(entry.location);
      if (state.status === 'missing') continue;
      if (state.status === 'broken') {
        unreadable++;
        io.stderr(`${CLI_NAME}: ${document}: its sidecar cannot be read, so it was not re-anchored; run check to see why\n`);
        continue;
      }
      if (state.sidecar.annotations.length === 0) continue;
      let text: string;
      try {
        text = stripBom(decoder.decode(await nodeFiles.read(entry.location) ?? new Uint8Array()));
      } catch (error) {
        unreadable++;
        io.stderr(`${CLI_NAME}: ${document}: cannot read the document (${errorCode(error)})\n`);
        continue;
      }
      const hash = contentHash(text);
      // Decided inside the store's edit, under the lock, on the sidecar as it is then.
      const decide = (sidecar: Sidecar): Array<[Annotation, AnchorOutcome]> => {
        const annotations = sidecar.annotations;
        const outcomes = verifyAnchors(text, annotations.map((a) => a.anchor), sidecar.value.contentHash);
        const pairs = annotations.map((a, i): [Annotation, AnchorOutcome] => [a, outcomes[i]!]);
        if (dryRun) return pairs;
        for (const [a, o] of pairs) if (o.changed) sidecar.setAnchor(a.id, o.anchor!);
        if (pairs.every(([, o]) => o.status === 'exact' || o.status === 'moved')) sidecar.setContentHash(hash);
        return pairs;
      };
      let pairs: Array<[Annotation, AnchorOutcome]>;
      try {
        pairs = dryRun ? decide(state.sidecar) : await store.edit(entry.location, null, decide);
      } catch (error) {
        unreadable++;
        io.stderr(`${CLI_NAME}: ${document}: nothing was written: ${error instanceof Error ? error.message : String(error)}\n`);
        continue;
      }
      for (const [a, o] of pairs) {
        totals[o.status]++;
        const { start, end, confidence } = o.match;
        if (json) io.stdout(`${JSON.stringify({ document, id: a.id, kind: a.kind, status: o.status, confidence, start, end })}\n`);
        else if (o.status !== 'exact') io.stdout(`${document}: ${a.kind} ${a.id} “${clip(a.anchor.exact)}”: ${describeOutcome(o, dryRun)}\n`);
      }
    }
    const pending = totals.review + totals.gone;
    io.stderr(
      `${totals.exact} in place, ${totals.moved} ${dryRun ? 'would be moved' : 'moved'}, ${pending} ${plural(pending, 'annotation')} to review` +
        `${totals.gone ? ` (${totals.gone} with no place left)` : ''}${unreadable ? `; ${unreadable} ${plural(unreadable, 'document')} skipped` : ''}\n`,
    );
    return pending > 0 || unreadable > 0 ? 1 : 0;
  },
};

function describeOutcome(o: AnchorOutcome, dryRun: boolean): string {
  const { start, end, confidence } = o.match;
  switch (o.status) {
    case 'moved':
      return `${dryRun ? 'would move' : 'moved'} to ${start}–${end} (confidence ${confidence})`;
    case 'review':
      return `needs review: best place ${start}–${end} at confidence ${confidence}, below the threshold; open the document to accept, relocate or delete it`;
    case 'gone':
      return 'needs review: its text is no longer in the document; open the document to relocate or delete it';
    default:
      return 'in place';
  }
}

function clip(text: string): string {
  const cps = Array.from(text);
  return cps.length > 40 ? `${cps.slice(0, 39).join('')}…` : text;
}
