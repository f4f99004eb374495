/** The English first-name list of gender-detection-from-name (a CommonJS module exporting a Map). */
declare module 'gender-detection-from-name/names/en' {
  const names: ReadonlyMap<string, 'male' | 'female'>;
  export = names;
}
