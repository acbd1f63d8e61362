// Pure planning for hierarchical synthesis: which texts go into one prompt.

/** Consecutive groups whose sizes (plus `perItem` each) fit `budget`; an item alone always forms a group. */
export function packGroups(sizes: readonly number[], budget: number, perItem: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let used = 0;
  sizes.forEach((size, i) => {
    const cost = size + perItem;
    if (current.length > 0 && used + cost > budget) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(i);
    used += cost;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Token ranges [start, end) of at most `max` tokens each covering `length` tokens. */
export function splitRanges(length: number, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let start = 0; start < length; start += max) out.push([start, Math.min(length, start + max)]);
  return out;
}
