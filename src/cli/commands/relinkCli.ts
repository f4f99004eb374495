/** `seed-annotator relink DIR [--dry-run]`: re-attaches sidecars left behind by renames done outside VS Code. */

import { relativePath } from '../../node/diskCorpus';
import { relinkCorpus } from '../../node/relinkFiles';
import { plural, type CliCommand } from '../cliCommand';

export const relinkCli: CliCommand = {
  name: 'relink',
  synopsis: 'DIR [--dry-run]',
  help: [
    'Move each orphaned sidecar (its document was',
    'renamed or moved) next to the document without',
    'a sidecar whose text it fits: the same content',
    'hash, or every anchor in place. A sidecar that',
    'fits several documents, or a document several',
    'sidecars fit, is listed, never guessed (exit 1).',
  ],
  options: {
    'dry-run': { type: 'boolean', help: 'relink: print what would move, move nothing.' },
  },
  async run({ dir, values, io }) {
    const dryRun = values['dry-run'] === true;
    const { corpus, plan, failed, unreadable } = await relinkCorpus(dir, { dryRun });
    const rel = (location: string): string => relativePath(corpus, location);
    const lines: string[] = [];
    const failedSidecars = new Set(failed.map((f) => f.pair.sidecar));
    for (const pair of plan.pairs) {
      if (failedSidecars.has(pair.sidecar)) continue;
      const what = `${rel(pair.sidecar)} → ${rel(pair.document)} (${pair.annotations} ${plural(pair.annotations, 'annotation')}, same ${pair.evidence})`;
      lines.push(`${dryRun ? 'would move' : 'moved'} ${what}`);
    }
    for (const { pair, reason } of failed) lines.push(`not moved: ${rel(pair.sidecar)} → ${rel(pair.document)}: ${reason}`);
    for (const a of plan.ambiguous) {
      lines.push(`ambiguous, not moved: ${a.sidecars.map(rel).join(', ')} ${a.sidecars.length === 1 ? 'fits' : 'fit'} ${a.documents.map(rel).join(', ')}; move the right sidecar next to its document by hand`);
    }
    for (const s of plan.unmatched) lines.push(`no document fits: ${rel(s)}`);
    for (const s of unreadable) lines.push(`cannot be read, not moved: ${rel(s)}`);
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
    else io.stderr('no orphaned sidecars\n');
    return plan.ambiguous.length || plan.unmatched.length || failed.length || unreadable.length ? 1 : 0;
  },
};
