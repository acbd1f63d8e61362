// A small grouped bar chart as SVG text: no charting dependency for two bars a group.

export interface BarGroup {
  label: string;
  bars: Array<{ label: string; value: number }>;
}

const COLORS = ['#2f6fdf', '#bbbbbb', '#e08a2f', '#3aa35a'];
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function barChartSvg(title: string, unit: string, groups: readonly BarGroup[]): string {
  const barW = 46;
  const gap = 40;
  const top = 50;
  const height = 220;
  const left = 60;
  const groupW = Math.max(...groups.map((g) => g.bars.length)) * barW + gap;
  const width = Math.max(560, left + groups.length * groupW + 20);
  const max = Math.max(1e-9, ...groups.flatMap((g) => g.bars.map((b) => b.value)));
  const y = (v: number) => top + height - (v / max) * height;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + 70}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${width - 10}" y2="${top + height}" stroke="#333"/>`,
    `<text x="10" y="${top + 4}">${max.toFixed(1)} ${escape(unit)}</text>`,
  ];
  groups.forEach((g, gi) => {
    const x0 = left + gi * groupW + gap / 2;
    g.bars.forEach((b, bi) => {
      const x = x0 + bi * barW;
      parts.push(
        `<rect x="${x}" y="${y(b.value)}" width="${barW - 6}" height="${top + height - y(b.value)}" fill="${COLORS[bi % COLORS.length]}"/>`,
        `<text x="${x + (barW - 6) / 2}" y="${y(b.value) - 4}" text-anchor="middle">${b.value.toFixed(1)}</text>`,
      );
    });
    parts.push(
      `<text x="${x0 + (g.bars.length * barW) / 2 - 3}" y="${top + height + 18}" text-anchor="middle">${escape(g.label)}</text>`,
    );
  });
  const legend = groups[0]?.bars ?? [];
  legend.forEach((b, i) => {
    const x = left + i * 200;
    parts.push(
      `<rect x="${x}" y="${top + height + 38}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 18}" y="${top + height + 48}">${escape(b.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
