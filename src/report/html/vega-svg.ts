/**
 * A Vega-Lite chart drawn to SVG in Node, at report time: the report page inlines the SVG and
 * loads no charting script, so it opens offline and draws even with scripts turned off.
 * Vega needs no DOM for this (its headless SVG renderer), and nothing here reads a URL: every
 * spec carries its data inline.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Type and colours every chart of a report shares, so they read as one set. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  background: 'white',
  view: { stroke: null },
  axis: {
    labelColor: '#1f2328',
    titleColor: '#1f2328',
    gridColor: '#eaeef2',
    domainColor: '#8c959f',
  },
  legend: {
    labelColor: '#1f2328',
    titleColor: '#1f2328',
    orient: 'bottom',
    direction: 'horizontal',
  },
  title: { anchor: 'start', fontSize: 13, fontWeight: 600, color: '#1f2328' },
} as const;

/**
 * The chart as an `<svg>` element. Several go into one page, so a chart may not rely on
 * element ids (clip paths, gradients): the specs here use neither.
 */
export async function vegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: importing Vega takes most of a second, which a terminal report
  // (the same command, another format) should not pay.
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile({ ...spec, config: { ...CONFIG, ...spec.config } }).spec;
  const view = new View(parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
