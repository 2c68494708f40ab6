/**
 * The report page's stylesheet and script. They live as real files (page.css,
 * table-script.js) so formatters and linters read them like any other code, and are inlined
 * into every report: the page loads nothing from anywhere.
 */
import { readFileSync } from 'node:fs';

export interface PageAssets {
  style: string;
  script: string;
}

let loaded: PageAssets | undefined;

export function pageAssets(): PageAssets {
  loaded ??= { style: read('page.css'), script: read('table-script.js') };
  return loaded;
}

function read(name: string): string {
  const text = readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  // Inlined in a <style> or <script> element: its own end tag would end it early.
  if (/<\/(style|script)/i.test(text)) {
    throw new Error(`${name}: expected no </style> or </script> in an inlined asset`);
  }
  return text;
}
