/**
 * FNV-1a over the UTF-16 code units of `text`, 32 bits, in base 36: short,
 * stable names (annotation ids, lock and cache file names). Not for security.
 * @param basis the offset basis; another basis gives another hash of the same text
 */
export function fnv1a36(text: string, basis = 0x811c9dc5): string {
  let h = basis;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
