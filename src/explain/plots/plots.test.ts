import { describe, expect, it } from 'vitest';
import { Explanation } from '../explanation.js';
import { barPlot } from './bar.js';
import { beeswarmPlot, swarmOffsets } from './beeswarm.js';
import { BLUE, GRAY, RED, redBlue, redTransparentBlue, redWhiteBlue } from './colors.js';
import { forcePlot } from './force.js';
import { heatmapPlot, instanceOrder } from './heatmap.js';
import { imagePlot } from './image.js';
import { scatterPlot } from './scatter.js';
import { formatValue } from './svg.js';
import { textPlot } from './text.js';
import { waterfallPlot } from './waterfall.js';

// PL1: M = 12, values chosen so that |φ| order is f0 > f1 > … > f11
const M = 12;
const phi = Array.from({ length: M }, (_, j) => (j % 2 ? -1 : 1) * (M - j) * 0.1);
const names = Array.from({ length: M }, (_, j) => `f${j}`);
const one = new Explanation({
  values: [phi],
  baseValues: [0.5],
  data: [phi.map((_, j) => j)],
  featureNames: names,
});
const many = new Explanation({
  values: Array.from({ length: 30 }, (_, i) => phi.map((v) => v * (1 + 0.05 * i))),
  baseValues: new Array(30).fill(0.5),
  data: Array.from({ length: 30 }, (_, i) => phi.map((_, j) => (i * 7 + j) % 11)),
  featureNames: names,
});

function wellFormed(svg: string) {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  const opens = (svg.match(/<(g|defs|linearGradient|text)[\s>]/g) ?? []).length;
  const closes = (svg.match(/<\/(g|defs|linearGradient|text)>/g) ?? []).length;
  expect(opens).toBe(closes);
}

describe('colours', () => {
  it('match shap: red #ff0051, blue #008bfb, gray #848484, red_blue ends', () => {
    expect([RED, BLUE, GRAY]).toEqual(['#ff0051', '#008bfb', '#848484']);
    expect(redBlue(0)).toBe(BLUE);
    expect(redBlue(1)).toBe(RED);
    expect(redTransparentBlue(0)).toEqual(['#1e88e5', 1]);
    expect(redTransparentBlue(0.5)[1]).toBe(0);
    expect(redTransparentBlue(1)).toEqual(['#ff0d57', 1]);
    expect(redWhiteBlue(0.5)).toBe('#ffffff');
  });

  it('format_value: printf, trailing zeros stripped, Unicode minus', () => {
    expect(formatValue(0.5, '%+0.02f')).toBe('+0.5');
    expect(formatValue(-1.234, '%+0.02f')).toBe('\u22121.23');
    expect(formatValue(2, '%0.03f')).toBe('2');
    expect(formatValue(0.1234, '%0.03f')).toBe('0.123');
  });
});

describe('PL1: "other features" rows', () => {
  it('waterfall: 9 features + "3 other features" holding the 3 smallest |φ|', () => {
    const svg = waterfallPlot(one);
    wellFormed(svg);
    expect(svg).toContain('3 other features');
    expect(svg).not.toContain('Sum of');
    for (let j = 0; j < 9; j++) expect(svg).toContain(`= f${j}<`);
    expect(svg).not.toContain('= f9<');
    const rest = phi[9]! + phi[10]! + phi[11]!;
    expect(svg).toContain(`>${formatValue(rest, '%+0.02f')}<`);
    expect(svg).toContain(`E[f(X)] = 0.5`);
    expect(svg).toContain(`f(x) = ${formatValue(0.5 + phi.reduce((a, b) => a + b, 0), '%0.03f')}`);
    expect((svg.match(/<polygon/g) ?? []).length).toBe(10);
  });

  it('bar and beeswarm: 9 + "Sum of 3 other features", ordered by mean |φ|', () => {
    for (const svg of [barPlot(many), beeswarmPlot(many), barPlot(one)]) {
      wellFormed(svg);
      expect(svg).toContain('Sum of 3 other features');
      expect(svg.indexOf('f0<')).toBeLessThan(svg.indexOf('f1<'));
      expect(svg).not.toContain('>f10<');
    }
    expect((barPlot(many).match(/class="bar"/g) ?? []).length).toBe(10);
    expect((beeswarmPlot(many).match(/<circle/g) ?? []).length).toBe(300);
    expect(barPlot(many, { maxDisplay: 20 })).not.toContain('other features');
  });

  it('heatmap: 9 + "Sum of 3 other features", instances clustered', () => {
    const svg = heatmapPlot(many);
    wellFormed(svg);
    expect(svg).toContain('Sum of 3 other features');
    expect((svg.match(/class="importance"/g) ?? []).length).toBe(10);
    expect(instanceOrder([[0], [10], [0.1], [10.2]])).toEqual([0, 2, 1, 3]);
  });

  it('bar colours: blue for ≤ 0, red for positive', () => {
    const svg = barPlot(one, { maxDisplay: 3 });
    expect(svg).toContain(`fill="${RED}" x=`);
    expect(svg).toContain(`fill="${BLUE}" x=`);
  });
});

describe('other plots', () => {
  it('beeswarm offsets stack alternately within a bin', () => {
    const o = swarmOffsets([1, 1, 1, 5]);
    expect(Math.abs(o[0]!)).toBe(0);
    expect(Math.sign(o[1]!)).toBe(1);
    expect(Math.sign(o[2]!)).toBe(-1);
    expect(Math.abs(o[3]!)).toBe(0);
  });

  it('force, scatter, text and image plots render', () => {
    const force = forcePlot(one);
    wellFormed(force);
    expect(force).toContain('base value');
    expect((force.match(/class="positive"/g) ?? []).length).toBe(6);
    const sc = scatterPlot(many, 'f2', { colorBy: 3 });
    wellFormed(sc);
    expect((sc.match(/<circle/g) ?? []).length).toBe(30);
    expect(() => scatterPlot(many, 'nope')).toThrow(/no feature "nope"/);
    const t = new Explanation({
      values: [[0.5, -0.2, 0]],
      baseValues: [0.1],
      data: [['good ', 'not ', 'bad']],
      featureNames: [['good', 'not', 'bad']],
    });
    const ts = textPlot(t);
    wellFormed(ts);
    expect(ts).toContain('fill="#ff0d57" fill-opacity="1"');
    expect(ts).toContain('fill="#1e88e5" fill-opacity="0.4"');
    const img = new Explanation({
      values: [
        [
          [1, 0],
          [0, 0],
          [0, 0],
          [-1, 0],
        ],
      ],
      baseValues: [[0, 0]],
      data: [[0, 1, 1, 0]],
      featureShape: [2, 2, 1],
      outputNames: ['cat', 'dog'],
    });
    const is = imagePlot(img, { pixel: 10 });
    wellFormed(is);
    expect(is).toContain('>cat<');
    expect(is).toContain('>dog<');
    expect((is.match(/fill="#ff0d57" fill-opacity="1"/g) ?? []).length).toBe(1);
  });
});
