// ECharts options shared by the console's charts.

// A ring chart of shares (the entities by status, the firms by class), its legend below.
export function ringOption(data: { name: string; value: number; itemStyle?: { color: string } }[]) {
  return { tooltip: { trigger: 'item' }, legend: { bottom: 0 }, series: [{ type: 'pie', radius: ['40%', '70%'], data }] };
}
