/**
 * `relink` on disk: finds the orphaned sidecars and the documents without a
 * sidecar of a corpus, pairs them by content (src/core/corpus/relink.ts), and
 * moves each paired sidecar next to its document.
 */

import { promises as fs } from 'node:fs';
import { planRelink, relinkedSidecarText, type OrphanSidecar, type RelinkPair, type RelinkPlan, type UnannotatedDocument } from '../core/corpus/relink';
import { documentLocationForSidecar, sidecarLocationFor } from '../core/files/store';
import { loadCorpus, scanCorpus, type LoadedCorpus } from './diskCorpus';
import { lockFiles, writeFileAtomic } from './nodeFiles';

/** What {@link relinkCorpus} found and did. */
export interface RelinkOutcome {
  readonly corpus: LoadedCorpus;
  readonly plan: RelinkPlan;
  /** The pairs whose sidecar was moved (none in a dry run). */
  readonly moved: readonly RelinkPair[];
  /** Pairs not moved, with the reason. */
  readonly failed: ReadonlyArray<{ readonly pair: RelinkPair; readonly reason: string }>;
  /** Orphaned sidecars that cannot be read, so cannot be paired. */
  readonly unreadable: readonly string[];
}

/** Pairs the orphaned sidecars of the corpus at `dir` with its unannotated documents; moves them unless `dryRun`. */
export async function relinkCorpus(dir: string, options: { dryRun?: boolean } = {}): Promise<RelinkOutcome> {
  const corpus = await loadCorpus(await scanCorpus(dir));
  const orphans: OrphanSidecar[] = [];
  const unreadable: string[] = [];
  const texts = new Map<string, string>();
  for (const [location, file] of corpus.sidecarFiles) {
    if (await exists(documentLocationForSidecar(location))) continue;
    if (file.status === 'ok') {
      orphans.push({ location, data: file.value.value });
      texts.set(location, file.text);
    } else unreadable.push(location);
  }
  const documents: UnannotatedDocument[] = [];
  if (orphans.length) {
    for (const entry of corpus.index.all()) {
      if (corpus.sidecarFiles.has(sidecarLocationFor(entry.location))) continue;
      const text = await fs.readFile(entry.location, 'utf8').catch(() => null);
      if (text !== null) documents.push({ location: entry.location, text });
    }
  }
  const plan = planRelink(orphans, documents);
  const moved: RelinkPair[] = [];
  const failed: Array<{ pair: RelinkPair; reason: string }> = [];
  if (!options.dryRun) {
    for (const pair of plan.pairs) {
      const reason = await moveSidecar(pair, texts.get(pair.sidecar)!);
      if (reason) failed.push({ pair, reason });
      else moved.push(pair);
    }
  }
  return { corpus, plan, moved, failed, unreadable };
}

/** Writes the sidecar next to its document (its `document` field renamed), then removes the old file; the reason when it did not. */
async function moveSidecar(pair: RelinkPair, text: string): Promise<string | null> {
  const target = sidecarLocationFor(pair.document);
  const release = await lockFiles([pair.sidecar, target]);
  try {
    if ((await fs.readFile(pair.sidecar, 'utf8').catch(() => null)) !== text) return 'the sidecar changed or went away in the meantime';
    if (await exists(target)) return `${target} exists already`;
    const moved = relinkedSidecarText(text, pair.document);
    if (moved === null) return 'the sidecar cannot be read';
    await writeFileAtomic(target, new TextEncoder().encode(moved));
    await fs.unlink(pair.sidecar);
    return null;
  } finally {
    await release();
  }
}

async function exists(location: string): Promise<boolean> {
  return fs.access(location).then(
    () => true,
    () => false,
  );
}
