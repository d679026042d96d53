import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts the office uses, so the bundle stays small.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface Series {
  name: string;
  values: number[];
  type: 'bar' | 'line';
}

/** A bar/line chart of one breakdown (by stop, hour or day); the table next to it carries the same numbers. */
export function RidershipChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(box.current!, undefined, { renderer: 'svg' });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, []);
  useEffect(() => {
    const chart = echarts.getInstanceByDom(box.current!);
    chart?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 40, bottom: 48 },
        xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 8 ? 40 : 0 } },
        yAxis: { type: 'value', minInterval: 1 },
        color: ['#0b5cad', '#a3122a', '#1b6e2a'],
        series: series.map((s) => ({ name: s.name, type: s.type, data: s.values })),
      },
      true,
    );
  }, [labels, series]);
  return <div ref={box} className="chart" role="img" aria-label={title} data-testid="ridership-chart" />;
}
